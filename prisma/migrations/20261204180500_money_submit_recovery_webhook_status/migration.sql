-- AlterTable
ALTER TABLE "TryOnJob" ADD COLUMN "interruptedSubmits" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "WebhookEvent" ADD COLUMN "lastError" TEXT;
ALTER TABLE "WebhookEvent" ADD COLUMN "leaseExpiresAt" DATETIME;
ALTER TABLE "WebhookEvent" ADD COLUMN "processedAt" DATETIME;
ALTER TABLE "WebhookEvent" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'done';
