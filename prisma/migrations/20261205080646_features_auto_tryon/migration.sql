-- AlterTable
ALTER TABLE "CollectionSettings" ADD COLUMN "tryOnNewProducts" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "CollectionSettings" ADD COLUMN "tryOnNewProductsSince" DATETIME;
ALTER TABLE "CollectionSettings" ADD COLUMN "newProductsBaselineAt" DATETIME;

-- AlterTable
ALTER TABLE "TryOnRun" ADD COLUMN "trigger" TEXT NOT NULL DEFAULT 'merchant';
ALTER TABLE "TryOnRun" ADD COLUMN "settingsCollectionId" TEXT;

-- CreateTable
CREATE TABLE "AutoTryOn" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "collectionId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productTitle" TEXT,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "runId" TEXT,
    "reason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AutoTryOn_shop_status_updatedAt_idx" ON "AutoTryOn"("shop", "status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AutoTryOn_shop_collectionId_productId_key" ON "AutoTryOn"("shop", "collectionId", "productId");
