-- AlterTable
ALTER TABLE "Region" ADD COLUMN     "languages" TEXT NOT NULL DEFAULT '';
