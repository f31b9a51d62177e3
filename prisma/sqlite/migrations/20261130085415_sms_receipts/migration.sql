-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "receiptAt" DATETIME;
ALTER TABLE "Delivery" ADD COLUMN "receiptState" TEXT;

-- CreateTable
CREATE TABLE "SmsPart" (
    "messageId" TEXT NOT NULL PRIMARY KEY,
    "deliveryId" INTEGER NOT NULL,
    "state" TEXT,
    "error" TEXT,
    "receiptAt" DATETIME,
    CONSTRAINT "SmsPart_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SmsPart_deliveryId_idx" ON "SmsPart"("deliveryId");
