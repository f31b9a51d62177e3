-- AlterTable
ALTER TABLE "IncidentUpdate" ADD COLUMN     "nextUpdateAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "UpdateRegionBody" (
    "id" TEXT NOT NULL,
    "updateId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "UpdateRegionBody_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UpdateRegionBody_regionId_idx" ON "UpdateRegionBody"("regionId");

-- CreateIndex
CREATE UNIQUE INDEX "UpdateRegionBody_updateId_regionId_key" ON "UpdateRegionBody"("updateId", "regionId");

-- AddForeignKey
ALTER TABLE "UpdateRegionBody" ADD CONSTRAINT "UpdateRegionBody_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "IncidentUpdate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateRegionBody" ADD CONSTRAINT "UpdateRegionBody_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE CASCADE ON UPDATE CASCADE;
