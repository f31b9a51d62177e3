-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_NoticeTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "regionSlug" TEXT,
    "lang" TEXT NOT NULL DEFAULT 'en',
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_NoticeTemplate" ("body", "createdAt", "id", "kind", "regionSlug", "subject", "updatedAt") SELECT "body", "createdAt", "id", "kind", "regionSlug", "subject", "updatedAt" FROM "NoticeTemplate";
DROP TABLE "NoticeTemplate";
ALTER TABLE "new_NoticeTemplate" RENAME TO "NoticeTemplate";
CREATE UNIQUE INDEX "NoticeTemplate_kind_regionSlug_lang_key" ON "NoticeTemplate"("kind", "regionSlug", "lang");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- A region's template written before languages is in that region's language (lib/i18n/languages.ts
-- parseLang: only the primary subtag decides); the template for all carriers stays English.
UPDATE "NoticeTemplate" SET "lang" = (
  SELECT CASE
    WHEN lower(r."locale") = 'fr' OR lower(substr(r."locale", 1, 3)) IN ('fr-', 'fr_') THEN 'fr-CA'
    WHEN lower(r."locale") = 'de' OR lower(substr(r."locale", 1, 3)) IN ('de-', 'de_') THEN 'de-DE'
    ELSE 'en' END
  FROM "Region" r WHERE r."slug" = "NoticeTemplate"."regionSlug")
WHERE "regionSlug" IS NOT NULL AND EXISTS (SELECT 1 FROM "Region" r WHERE r."slug" = "NoticeTemplate"."regionSlug");
