-- AlterTable
ALTER TABLE "PageSettings" ALTER COLUMN "channels" SET DEFAULT 'email,webhook,slack,teams,discord,sms';

-- AlterTable
ALTER TABLE "Subscriber" ADD COLUMN     "smsCodeAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "smsCodeExpiresAt" TIMESTAMP(3),
ADD COLUMN     "smsCodeHash" TEXT;
