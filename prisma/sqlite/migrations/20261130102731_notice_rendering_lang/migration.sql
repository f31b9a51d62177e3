-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_NoticeRendering" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "noticeId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "lang" TEXT NOT NULL DEFAULT 'en',
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "channels" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NoticeRendering_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NoticeRendering_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_NoticeRendering" ("channels", "createdAt", "html", "id", "noticeId", "regionId", "subject", "text") SELECT "channels", "createdAt", "html", "id", "noticeId", "regionId", "subject", "text" FROM "NoticeRendering";
DROP TABLE "NoticeRendering";
ALTER TABLE "new_NoticeRendering" RENAME TO "NoticeRendering";
CREATE UNIQUE INDEX "NoticeRendering_noticeId_regionId_lang_key" ON "NoticeRendering"("noticeId", "regionId", "lang");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
