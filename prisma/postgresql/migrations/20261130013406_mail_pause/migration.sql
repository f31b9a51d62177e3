-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "failureClass" TEXT;

-- CreateTable
CREATE TABLE "MailPause" (
    "workerId" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "reply" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MailPause_pkey" PRIMARY KEY ("workerId")
);
