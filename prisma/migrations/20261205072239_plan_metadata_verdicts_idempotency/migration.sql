-- AlterTable
ALTER TABLE "TryOnRun" ADD COLUMN "idempotencyKey" TEXT;
ALTER TABLE "TryOnRun" ADD COLUMN "planInBackground" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "TryOnRun" ADD COLUMN "planLeaseOwner" TEXT;
ALTER TABLE "TryOnRun" ADD COLUMN "planLeaseExpiresAt" DATETIME;
ALTER TABLE "TryOnRun" ADD COLUMN "productsExpected" INTEGER;
ALTER TABLE "TryOnRun" ADD COLUMN "productsFlagged" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "GarmentVerdict" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "mediaId" TEXT NOT NULL,
    "imageUrl" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "reasonsJson" TEXT NOT NULL,
    "backgroundUniformity" REAL NOT NULL,
    "edgeTouch" REAL NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PlanningLock" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "GarmentVerdict_shop_mediaId_idx" ON "GarmentVerdict"("shop", "mediaId");

-- CreateIndex
CREATE UNIQUE INDEX "TryOnRun_shop_idempotencyKey_key" ON "TryOnRun"("shop", "idempotencyKey");
