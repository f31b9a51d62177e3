-- DropIndex
DROP INDEX "Subscriber_email_key";

-- AlterTable
ALTER TABLE "PageSettings" ADD COLUMN     "channels" TEXT NOT NULL DEFAULT 'email,webhook,slack,teams,discord';

-- AlterTable
ALTER TABLE "Subscriber" ADD COLUMN     "channel" TEXT NOT NULL DEFAULT 'email',
ADD COLUMN     "disabledAt" TIMESTAMP(3),
ADD COLUMN     "disabledReason" TEXT,
ADD COLUMN     "endpoint" TEXT,
ADD COLUMN     "failingSince" TIMESTAMP(3),
ADD COLUMN     "failureCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "key" TEXT,
ADD COLUMN     "phoneNumber" TEXT,
ADD COLUMN     "webhookSecret" TEXT;

-- Existing subscribers are e-mail subscribers: their key is their address.
UPDATE "Subscriber" SET "key" = "email";
ALTER TABLE "Subscriber" ALTER COLUMN "key" SET NOT NULL;

-- AlterTable
ALTER TABLE "NoticeRendering" ADD COLUMN     "channels" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Subscriber_key_key" ON "Subscriber"("key");

-- CreateIndex
CREATE INDEX "Subscriber_email_idx" ON "Subscriber"("email");
