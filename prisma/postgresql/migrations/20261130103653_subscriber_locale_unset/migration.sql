-- AlterTable
ALTER TABLE "Subscriber" ALTER COLUMN "locale" SET DEFAULT '';

-- Until now nothing but the demo wrote a subscriber's locale: en-US was the column's default, never
-- a reader's choice. Empty now means "the region's language".
UPDATE "Subscriber" SET "locale" = '' WHERE "locale" = 'en-US';
