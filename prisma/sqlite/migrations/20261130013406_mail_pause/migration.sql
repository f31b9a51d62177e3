-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "failureClass" TEXT;

-- CreateTable
CREATE TABLE "MailPause" (
    "workerId" TEXT NOT NULL PRIMARY KEY,
    "since" DATETIME NOT NULL,
    "reason" TEXT NOT NULL,
    "reply" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
