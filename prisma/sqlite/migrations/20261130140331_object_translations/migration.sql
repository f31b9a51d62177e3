-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PageSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "name" TEXT NOT NULL DEFAULT 'Candor status',
    "publicUrl" TEXT NOT NULL DEFAULT 'http://localhost:3000',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "supportEmail" TEXT,
    "supportUrl" TEXT,
    "brandColor" TEXT NOT NULL DEFAULT '#1f4fd1',
    "logoText" TEXT,
    "footerText" TEXT,
    "translations" TEXT NOT NULL DEFAULT '{}',
    "mailFromName" TEXT NOT NULL DEFAULT 'Candor status',
    "mailFromEmail" TEXT NOT NULL DEFAULT 'status@localhost',
    "channels" TEXT NOT NULL DEFAULT 'email,webhook,slack,teams,discord,sms',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_PageSettings" ("brandColor", "channels", "createdAt", "footerText", "id", "logoText", "mailFromEmail", "mailFromName", "name", "publicUrl", "supportEmail", "supportUrl", "timeZone", "updatedAt", "version") SELECT "brandColor", "channels", "createdAt", "footerText", "id", "logoText", "mailFromEmail", "mailFromName", "name", "publicUrl", "supportEmail", "supportUrl", "timeZone", "updatedAt", "version" FROM "PageSettings";
DROP TABLE "PageSettings";
ALTER TABLE "new_PageSettings" RENAME TO "PageSettings";
CREATE TABLE "new_ComponentGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "translations" TEXT NOT NULL DEFAULT '{}',
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ComponentGroup" ("createdAt", "description", "id", "name", "position", "slug", "updatedAt") SELECT "createdAt", "description", "id", "name", "position", "slug", "updatedAt" FROM "ComponentGroup";
DROP TABLE "ComponentGroup";
ALTER TABLE "new_ComponentGroup" RENAME TO "ComponentGroup";
CREATE UNIQUE INDEX "ComponentGroup_slug_key" ON "ComponentGroup"("slug");
CREATE TABLE "new_Component" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "translations" TEXT NOT NULL DEFAULT '{}',
    "groupId" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'operational',
    "dataKind" TEXT,
    "showcase" BOOLEAN NOT NULL DEFAULT true,
    "onlyShowIfDegraded" BOOLEAN NOT NULL DEFAULT false,
    "startDate" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Component_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "ComponentGroup" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Component" ("createdAt", "dataKind", "description", "groupId", "id", "name", "onlyShowIfDegraded", "position", "showcase", "slug", "startDate", "status", "updatedAt", "version") SELECT "createdAt", "dataKind", "description", "groupId", "id", "name", "onlyShowIfDegraded", "position", "showcase", "slug", "startDate", "status", "updatedAt", "version" FROM "Component";
DROP TABLE "Component";
ALTER TABLE "new_Component" RENAME TO "Component";
CREATE UNIQUE INDEX "Component_slug_key" ON "Component"("slug");
CREATE INDEX "Component_groupId_position_idx" ON "Component"("groupId", "position");
CREATE TABLE "new_Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'outage',
    "status" TEXT NOT NULL DEFAULT 'investigating',
    "impact" TEXT NOT NULL DEFAULT 'minor',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "identifiedAt" DATETIME,
    "monitoringAt" DATETIME,
    "resolvedAt" DATETIME,
    "scheduledFor" DATETIME,
    "scheduledUntil" DATETIME,
    "autoTransition" BOOLEAN NOT NULL DEFAULT true,
    "remindBeforeMinutes" INTEGER,
    "reminderSentAt" DATETIME,
    "postmortemBody" TEXT,
    "postmortemPublishedAt" DATETIME,
    "translations" TEXT NOT NULL DEFAULT '{}',
    "createdById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Incident_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Incident" ("autoTransition", "createdAt", "createdById", "id", "identifiedAt", "impact", "kind", "monitoringAt", "postmortemBody", "postmortemPublishedAt", "remindBeforeMinutes", "reminderSentAt", "resolvedAt", "scheduledFor", "scheduledUntil", "startedAt", "status", "title", "updatedAt", "version") SELECT "autoTransition", "createdAt", "createdById", "id", "identifiedAt", "impact", "kind", "monitoringAt", "postmortemBody", "postmortemPublishedAt", "remindBeforeMinutes", "reminderSentAt", "resolvedAt", "scheduledFor", "scheduledUntil", "startedAt", "status", "title", "updatedAt", "version" FROM "Incident";
DROP TABLE "Incident";
ALTER TABLE "new_Incident" RENAME TO "Incident";
CREATE INDEX "Incident_status_idx" ON "Incident"("status");
CREATE INDEX "Incident_startedAt_idx" ON "Incident"("startedAt");
CREATE INDEX "Incident_scheduledFor_idx" ON "Incident"("scheduledFor");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
