-- AlterTable
ALTER TABLE "IncidentUpdate" ADD COLUMN     "lang" TEXT NOT NULL DEFAULT 'en';

-- CreateTable
CREATE TABLE "UpdateTranslation" (
    "id" TEXT NOT NULL,
    "updateId" TEXT NOT NULL,
    "lang" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "bodiesByRegion" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UpdateTranslation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "UpdateTranslation_updateId_lang_key" ON "UpdateTranslation"("updateId", "lang");

-- AddForeignKey
ALTER TABLE "UpdateTranslation" ADD CONSTRAINT "UpdateTranslation_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "IncidentUpdate"("id") ON DELETE CASCADE ON UPDATE CASCADE;
