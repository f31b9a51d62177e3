-- AlterTable
ALTER TABLE "Subscriber" ADD COLUMN "confirmNonce" TEXT;
