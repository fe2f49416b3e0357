-- AlterTable
ALTER TABLE "TryOnImage" ADD COLUMN "fileId" TEXT;
ALTER TABLE "TryOnImage" ADD COLUMN "fileName" TEXT;
ALTER TABLE "TryOnImage" ADD COLUMN "fileUrl" TEXT;
ALTER TABLE "TryOnImage" ADD COLUMN "copyState" TEXT NOT NULL DEFAULT 'none';
ALTER TABLE "TryOnImage" ADD COLUMN "copyOwner" TEXT;
ALTER TABLE "TryOnImage" ADD COLUMN "copyStartedAt" DATETIME;
ALTER TABLE "TryOnImage" ADD COLUMN "copyAttempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "TryOnImage" ADD COLUMN "approvedAt" DATETIME;
ALTER TABLE "TryOnImage" ADD COLUMN "lead" BOOLEAN NOT NULL DEFAULT false;

-- Images stored before Files copies existed: attached ones need no copy (their medium is the file);
-- the others are copied if their provider URL still answers.
UPDATE "TryOnImage" SET "copyState" = 'copied', "fileId" = "mediaId" WHERE "mediaId" IS NOT NULL;

-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN "altDisclosure" TEXT;
ALTER TABLE "ShopSettings" ADD COLUMN "placement" TEXT;

-- AlterTable
ALTER TABLE "CollectionSettings" ADD COLUMN "placement" TEXT;

-- CreateIndex
CREATE INDEX "TryOnImage_copyState_createdAt_idx" ON "TryOnImage"("copyState", "createdAt");
