-- AlterTable
ALTER TABLE "Region" ADD COLUMN "smsSenderId" TEXT;
