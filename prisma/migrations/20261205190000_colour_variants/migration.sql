-- AlterTable
ALTER TABLE "CollectionSettings" ADD COLUMN "onePerColour" BOOLEAN;

-- AlterTable
ALTER TABLE "ProductSettings" ADD COLUMN "onePerColour" BOOLEAN;

-- AlterTable
ALTER TABLE "TryOnJob" ADD COLUMN "colour" TEXT;

-- AlterTable
ALTER TABLE "TryOnImage" ADD COLUMN "variantMediaJson" TEXT;
