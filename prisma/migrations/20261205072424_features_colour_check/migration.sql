-- AlterTable
ALTER TABLE "TryOnImage" ADD COLUMN "colourCheck" TEXT;
ALTER TABLE "TryOnImage" ADD COLUMN "colourDeltaE" REAL;
ALTER TABLE "TryOnImage" ADD COLUMN "resultColour" TEXT;
ALTER TABLE "TryOnImage" ADD COLUMN "sourceColour" TEXT;
