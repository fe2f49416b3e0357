-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "ShopSettings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "providerAppKey" TEXT,
    "providerSecretEnc" TEXT,
    "region" TEXT NOT NULL DEFAULT 'global',
    "trial" BOOLEAN NOT NULL DEFAULT false,
    "autoApprove" BOOLEAN NOT NULL DEFAULT false,
    "dailyImageCap" INTEGER,
    "modelBase" TEXT,
    "modelName" TEXT,
    "modelGender" TEXT,
    "modelStyle" TEXT,
    "modelBody" TEXT,
    "viewType" TEXT,
    "generateCount" INTEGER,
    "inputQualityDetect" INTEGER,
    "garmentType" TEXT,
    "modelImageUrls" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CollectionSettings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "collectionId" TEXT NOT NULL,
    "collectionTitle" TEXT,
    "modelBase" TEXT,
    "modelName" TEXT,
    "modelGender" TEXT,
    "modelStyle" TEXT,
    "modelBody" TEXT,
    "viewType" TEXT,
    "generateCount" INTEGER,
    "inputQualityDetect" INTEGER,
    "garmentType" TEXT,
    "modelImageUrls" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProductSettings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "garmentMediaId" TEXT,
    "modelBase" TEXT,
    "modelName" TEXT,
    "modelGender" TEXT,
    "modelStyle" TEXT,
    "modelBody" TEXT,
    "viewType" TEXT,
    "generateCount" INTEGER,
    "inputQualityDetect" INTEGER,
    "garmentType" TEXT,
    "modelImageUrls" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TryOnRun" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TryOnJob" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TryOnJob_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TryOnRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TryOnImage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "providerUrl" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "review" TEXT NOT NULL DEFAULT 'pending',
    "attachState" TEXT NOT NULL DEFAULT 'stored',
    "altText" TEXT,
    "mediaId" TEXT,
    "attachAttempts" INTEGER NOT NULL DEFAULT 0,
    "errorMessage" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TryOnImage_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TryOnRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TryOnImage_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "TryOnJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "ShopSettings_shop_key" ON "ShopSettings"("shop");

-- CreateIndex
CREATE INDEX "CollectionSettings_shop_idx" ON "CollectionSettings"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "CollectionSettings_shop_collectionId_key" ON "CollectionSettings"("shop", "collectionId");

-- CreateIndex
CREATE INDEX "ProductSettings_shop_idx" ON "ProductSettings"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "ProductSettings_shop_productId_key" ON "ProductSettings"("shop", "productId");

-- CreateIndex
CREATE INDEX "TryOnRun_shop_createdAt_idx" ON "TryOnRun"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "TryOnRun_status_idx" ON "TryOnRun"("status");

-- CreateIndex
CREATE INDEX "TryOnJob_shop_idx" ON "TryOnJob"("shop");

-- CreateIndex
CREATE INDEX "TryOnJob_runId_state_idx" ON "TryOnJob"("runId", "state");

-- CreateIndex
CREATE INDEX "TryOnJob_state_availableAt_idx" ON "TryOnJob"("state", "availableAt");

-- CreateIndex
CREATE INDEX "TryOnJob_shop_productId_idx" ON "TryOnJob"("shop", "productId");

-- CreateIndex
CREATE INDEX "TryOnJob_shop_dedupeKey_idx" ON "TryOnJob"("shop", "dedupeKey");

-- CreateIndex
CREATE INDEX "TryOnImage_shop_review_idx" ON "TryOnImage"("shop", "review");

-- CreateIndex
CREATE INDEX "TryOnImage_shop_productId_idx" ON "TryOnImage"("shop", "productId");

-- CreateIndex
CREATE INDEX "TryOnImage_runId_idx" ON "TryOnImage"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "TryOnImage_jobId_position_key" ON "TryOnImage"("jobId", "position");

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_idx" ON "WebhookEvent"("shop");

