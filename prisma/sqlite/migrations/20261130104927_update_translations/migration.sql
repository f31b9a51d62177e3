-- CreateTable
CREATE TABLE "UpdateTranslation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "updateId" TEXT NOT NULL,
    "lang" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "bodiesByRegion" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "UpdateTranslation_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "IncidentUpdate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_IncidentUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "displayAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliverNotifications" BOOLEAN NOT NULL DEFAULT false,
    "nextUpdateAt" DATETIME,
    "state" TEXT NOT NULL DEFAULT 'published',
    "approvedById" TEXT,
    "approvedAt" DATETIME,
    "lang" TEXT NOT NULL DEFAULT 'en',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "IncidentUpdate_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "IncidentUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "IncidentUpdate_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_IncidentUpdate" ("approvedAt", "approvedById", "authorId", "authorName", "body", "createdAt", "deliverNotifications", "displayAt", "id", "incidentId", "nextUpdateAt", "state", "status", "updatedAt") SELECT "approvedAt", "approvedById", "authorId", "authorName", "body", "createdAt", "deliverNotifications", "displayAt", "id", "incidentId", "nextUpdateAt", "state", "status", "updatedAt" FROM "IncidentUpdate";
DROP TABLE "IncidentUpdate";
ALTER TABLE "new_IncidentUpdate" RENAME TO "IncidentUpdate";
CREATE INDEX "IncidentUpdate_incidentId_displayAt_idx" ON "IncidentUpdate"("incidentId", "displayAt");
CREATE INDEX "IncidentUpdate_state_idx" ON "IncidentUpdate"("state");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "UpdateTranslation_updateId_lang_key" ON "UpdateTranslation"("updateId", "lang");
