-- AlterTable
ALTER TABLE "TryOnImage" ADD COLUMN "attachStartedAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TryOnRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "scopeType" TEXT NOT NULL,
    "scopeRef" TEXT,
    "scopeTitle" TEXT,
    "status" TEXT NOT NULL DEFAULT 'planning',
    "overridesJson" TEXT,
    "forced" BOOLEAN NOT NULL DEFAULT false,
    "productsTotal" INTEGER NOT NULL DEFAULT 0,
    "productsSkipped" INTEGER NOT NULL DEFAULT 0,
    "imagesEstimated" INTEGER NOT NULL DEFAULT 0,
    "skippedJson" TEXT,
    "productsPlanned" INTEGER NOT NULL DEFAULT 0,
    "jobsCreated" INTEGER NOT NULL DEFAULT 0,
    "planError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_TryOnRun" ("createdAt", "finishedAt", "forced", "id", "imagesEstimated", "overridesJson", "productsSkipped", "productsTotal", "scopeRef", "scopeTitle", "scopeType", "shop", "skippedJson", "startedAt", "status", "updatedAt") SELECT "createdAt", "finishedAt", "forced", "id", "imagesEstimated", "overridesJson", "productsSkipped", "productsTotal", "scopeRef", "scopeTitle", "scopeType", "shop", "skippedJson", "startedAt", "status", "updatedAt" FROM "TryOnRun";
DROP TABLE "TryOnRun";
ALTER TABLE "new_TryOnRun" RENAME TO "TryOnRun";
CREATE INDEX "TryOnRun_shop_createdAt_idx" ON "TryOnRun"("shop", "createdAt");
CREATE INDEX "TryOnRun_status_idx" ON "TryOnRun"("status");
CREATE TABLE "new_TryOnJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL,
    "garmentMediaId" TEXT,
    "garmentImageUrl" TEXT NOT NULL,
    "clothesType" TEXT,
    "settingsJson" TEXT NOT NULL,
    "requestJson" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "imagesExpected" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "availableAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "providerTaskId" TEXT,
    "submittedAt" DATETIME,
    "pollCount" INTEGER NOT NULL DEFAULT 0,
    "deadlineAt" DATETIME,
    "finishedAt" DATETIME,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "submitStartedAt" DATETIME,
    "resultAt" DATETIME,
    "lastPolledAt" DATETIME,
    "rateLimitedCount" INTEGER NOT NULL DEFAULT 0,
    "imagesGenerated" INTEGER NOT NULL DEFAULT 0,
    "imagesAttached" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TryOnJob_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TryOnRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_TryOnJob" ("attempts", "availableAt", "clothesType", "createdAt", "deadlineAt", "dedupeKey", "errorCode", "errorMessage", "finishedAt", "garmentImageUrl", "garmentMediaId", "id", "imagesExpected", "leaseExpiresAt", "leaseOwner", "pollCount", "productId", "productTitle", "providerTaskId", "requestJson", "runId", "settingsJson", "shop", "state", "submittedAt", "updatedAt") SELECT "attempts", "availableAt", "clothesType", "createdAt", "deadlineAt", "dedupeKey", "errorCode", "errorMessage", "finishedAt", "garmentImageUrl", "garmentMediaId", "id", "imagesExpected", "leaseExpiresAt", "leaseOwner", "pollCount", "productId", "productTitle", "providerTaskId", "requestJson", "runId", "settingsJson", "shop", "state", "submittedAt", "updatedAt" FROM "TryOnJob";
DROP TABLE "TryOnJob";
ALTER TABLE "new_TryOnJob" RENAME TO "TryOnJob";
CREATE INDEX "TryOnJob_shop_idx" ON "TryOnJob"("shop");
CREATE INDEX "TryOnJob_runId_state_idx" ON "TryOnJob"("runId", "state");
CREATE INDEX "TryOnJob_state_availableAt_idx" ON "TryOnJob"("state", "availableAt");
CREATE INDEX "TryOnJob_shop_productId_idx" ON "TryOnJob"("shop", "productId");
CREATE INDEX "TryOnJob_shop_dedupeKey_idx" ON "TryOnJob"("shop", "dedupeKey");
CREATE INDEX "TryOnJob_shop_createdAt_idx" ON "TryOnJob"("shop", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "TryOnImage_shop_runId_review_idx" ON "TryOnImage"("shop", "runId", "review");

