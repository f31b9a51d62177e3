-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Region" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "carrier" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "market" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en-US',
    "languages" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT NOT NULL,
    "estimatedUsers" INTEGER NOT NULL DEFAULT 0,
    "accentColor" TEXT NOT NULL DEFAULT '#1f4fd1',
    "supportUrl" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Region" ("accentColor", "carrier", "createdAt", "estimatedUsers", "id", "locale", "market", "name", "position", "product", "slug", "supportUrl", "timeZone", "updatedAt", "version") SELECT "accentColor", "carrier", "createdAt", "estimatedUsers", "id", "locale", "market", "name", "position", "product", "slug", "supportUrl", "timeZone", "updatedAt", "version" FROM "Region";
DROP TABLE "Region";
ALTER TABLE "new_Region" RENAME TO "Region";
CREATE UNIQUE INDEX "Region_slug_key" ON "Region"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
