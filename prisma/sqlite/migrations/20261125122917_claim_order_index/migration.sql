-- DropIndex
DROP INDEX "Delivery_status_nextAttemptAt_idx";

-- DropIndex
DROP INDEX "OutboxMail_status_nextAttemptAt_idx";

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_id_idx" ON "Delivery"("status", "nextAttemptAt", "id");

-- CreateIndex
CREATE INDEX "OutboxMail_status_nextAttemptAt_id_idx" ON "OutboxMail"("status", "nextAttemptAt", "id");
