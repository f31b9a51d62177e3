-- SQLite only: the claim index holds only the rows waiting to be claimed. A claim takes rows out of
-- it (they sit together at its front) and an outcome no longer touches it at all; with every
-- status in it, each claim and each outcome moved an entry across it (about a quarter of the pages
-- an outcome group's commit writes). Claims (status = 'pending', in (nextAttemptAt, id) order) and
-- the queue counts use it as before; the rows being sent are found through ("noticeId", "status").
-- The name stays the one Prisma gives @@index([status, nextAttemptAt, id]).
DROP INDEX "Delivery_status_nextAttemptAt_id_idx";
CREATE INDEX "Delivery_status_nextAttemptAt_id_idx" ON "Delivery"("status", "nextAttemptAt", "id") WHERE "status" = 'pending';
