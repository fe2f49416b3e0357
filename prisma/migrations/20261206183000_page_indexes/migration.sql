-- DropIndex
DROP INDEX "TryOnImage_shop_review_idx";

-- DropIndex
DROP INDEX "TryOnImage_shop_runId_review_idx";

-- CreateIndex
CREATE INDEX "TryOnJob_run_progress_idx" ON "TryOnJob"("shop", "runId", "state", "imagesExpected", "imagesGenerated", "imagesAttached", "attempts", "submittedAt", "id");

-- CreateIndex
CREATE INDEX "TryOnJob_shop_runId_productTitle_id_idx" ON "TryOnJob"("shop", "runId", "productTitle", "id");

-- CreateIndex
CREATE INDEX "TryOnImage_review_idx" ON "TryOnImage"("shop", "review", "attachState", "createdAt", "id");

-- CreateIndex
CREATE INDEX "TryOnImage_run_review_idx" ON "TryOnImage"("shop", "runId", "review", "attachState", "createdAt", "id");

