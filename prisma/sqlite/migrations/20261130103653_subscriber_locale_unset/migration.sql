-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Subscriber" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'email',
    "key" TEXT NOT NULL,
    "endpoint" TEXT,
    "phoneNumber" TEXT,
    "webhookSecret" TEXT,
    "failingSince" DATETIME,
    "failureCount" INTEGER NOT NULL DEFAULT 0,
    "disabledAt" DATETIME,
    "disabledReason" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "locale" TEXT NOT NULL DEFAULT '',
    "allRegions" BOOLEAN NOT NULL DEFAULT true,
    "allComponents" BOOLEAN NOT NULL DEFAULT true,
    "noticeKinds" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT 'form',
    "confirmedAt" DATETIME,
    "unsubscribedAt" DATETIME,
    "pausedAt" DATETIME,
    "confirmTokenHash" TEXT,
    "confirmExpiresAt" DATETIME,
    "confirmNonce" TEXT,
    "smsCodeHash" TEXT,
    "smsCodeExpiresAt" DATETIME,
    "smsCodeAttempts" INTEGER NOT NULL DEFAULT 0,
    "manageTokenHash" TEXT NOT NULL,
    "tokenGeneration" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Subscriber" ("allComponents", "allRegions", "channel", "confirmExpiresAt", "confirmNonce", "confirmTokenHash", "confirmedAt", "createdAt", "disabledAt", "disabledReason", "email", "endpoint", "failingSince", "failureCount", "id", "key", "locale", "manageTokenHash", "noticeKinds", "pausedAt", "phoneNumber", "smsCodeAttempts", "smsCodeExpiresAt", "smsCodeHash", "source", "timeZone", "tokenGeneration", "unsubscribedAt", "updatedAt", "webhookSecret") SELECT "allComponents", "allRegions", "channel", "confirmExpiresAt", "confirmNonce", "confirmTokenHash", "confirmedAt", "createdAt", "disabledAt", "disabledReason", "email", "endpoint", "failingSince", "failureCount", "id", "key", "locale", "manageTokenHash", "noticeKinds", "pausedAt", "phoneNumber", "smsCodeAttempts", "smsCodeExpiresAt", "smsCodeHash", "source", "timeZone", "tokenGeneration", "unsubscribedAt", "updatedAt", "webhookSecret" FROM "Subscriber";
DROP TABLE "Subscriber";
ALTER TABLE "new_Subscriber" RENAME TO "Subscriber";
CREATE UNIQUE INDEX "Subscriber_key_key" ON "Subscriber"("key");
CREATE UNIQUE INDEX "Subscriber_confirmTokenHash_key" ON "Subscriber"("confirmTokenHash");
CREATE UNIQUE INDEX "Subscriber_manageTokenHash_key" ON "Subscriber"("manageTokenHash");
CREATE INDEX "Subscriber_confirmedAt_unsubscribedAt_idx" ON "Subscriber"("confirmedAt", "unsubscribedAt");
CREATE INDEX "Subscriber_email_idx" ON "Subscriber"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Until now nothing but the demo wrote a subscriber's locale: en-US was the column's default, never
-- a reader's choice. Empty now means "the region's language".
UPDATE "Subscriber" SET "locale" = '' WHERE "locale" = 'en-US';
