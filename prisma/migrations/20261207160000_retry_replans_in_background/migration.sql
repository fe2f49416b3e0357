-- AlterTable
ALTER TABLE "TryOnJob" ADD COLUMN "replanRequested" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "TryOnRun" ADD COLUMN "replanRequestedAt" DATETIME;
