-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "receiptAt" TIMESTAMP(3),
ADD COLUMN     "receiptState" TEXT;

-- CreateTable
CREATE TABLE "SmsPart" (
    "messageId" TEXT NOT NULL,
    "deliveryId" INTEGER NOT NULL,
    "state" TEXT,
    "error" TEXT,
    "receiptAt" TIMESTAMP(3),

    CONSTRAINT "SmsPart_pkey" PRIMARY KEY ("messageId")
);

-- CreateIndex
CREATE INDEX "SmsPart_deliveryId_idx" ON "SmsPart"("deliveryId");

-- AddForeignKey
ALTER TABLE "SmsPart" ADD CONSTRAINT "SmsPart_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
