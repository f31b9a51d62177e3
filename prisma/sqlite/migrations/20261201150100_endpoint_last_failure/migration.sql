-- AlterTable
ALTER TABLE "Subscriber" ADD COLUMN "lastFailureAt" DATETIME;

-- An endpoint failing when this runs: its latest failure is taken to be the row's last write (no
-- earlier than that failure), so a failure long after it does not disable the endpoint by itself.
UPDATE "Subscriber" SET "lastFailureAt" = "updatedAt" WHERE "failingSince" IS NOT NULL;
