-- AlterTable
ALTER TABLE "TryOnJob" ADD COLUMN "reservedAt" DATETIME;

-- Jobs planned before this migration were counted on the day they were created.
UPDATE "TryOnJob" SET "reservedAt" = "createdAt";

-- CreateIndex
CREATE INDEX "TryOnJob_shop_reservedAt_idx" ON "TryOnJob"("shop", "reservedAt");
