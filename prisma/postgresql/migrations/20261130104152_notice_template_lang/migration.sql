-- DropIndex
DROP INDEX "NoticeTemplate_kind_regionSlug_key";

-- AlterTable
ALTER TABLE "NoticeTemplate" ADD COLUMN     "lang" TEXT NOT NULL DEFAULT 'en';

-- CreateIndex
CREATE UNIQUE INDEX "NoticeTemplate_kind_regionSlug_lang_key" ON "NoticeTemplate"("kind", "regionSlug", "lang");

-- A region's template written before languages is in that region's language (lib/i18n/languages.ts
-- parseLang: only the primary subtag decides); the template for all carriers stays English.
UPDATE "NoticeTemplate" SET "lang" = (
  SELECT CASE
    WHEN lower(r."locale") = 'fr' OR lower(substr(r."locale", 1, 3)) IN ('fr-', 'fr_') THEN 'fr-CA'
    WHEN lower(r."locale") = 'de' OR lower(substr(r."locale", 1, 3)) IN ('de-', 'de_') THEN 'de-DE'
    ELSE 'en' END
  FROM "Region" r WHERE r."slug" = "NoticeTemplate"."regionSlug")
WHERE "regionSlug" IS NOT NULL AND EXISTS (SELECT 1 FROM "Region" r WHERE r."slug" = "NoticeTemplate"."regionSlug");
