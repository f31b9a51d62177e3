-- DropIndex
DROP INDEX "NoticeRendering_noticeId_regionId_key";

-- AlterTable
ALTER TABLE "NoticeRendering" ADD COLUMN     "lang" TEXT NOT NULL DEFAULT 'en';

-- CreateIndex
CREATE UNIQUE INDEX "NoticeRendering_noticeId_regionId_lang_key" ON "NoticeRendering"("noticeId", "regionId", "lang");
