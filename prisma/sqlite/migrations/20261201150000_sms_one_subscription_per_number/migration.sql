-- One SMS subscription per number. SMS subscriptions were keyed by e-mail address and number,
-- so a number entered with two addresses was two subscriptions and got every text twice. Now the
-- key is the number alone ('sms +61412345678'). Where a number has several rows, the row kept is
-- the active one confirmed last (else a pending one, the newest; else the one confirmed last); the
-- others are ended, their codes and links voided, and re-keyed, each with an
-- audit row naming the row kept. What an active row ended here followed is added to the row kept
-- (its regions and components; every kind of notice where the two differed), so nobody loses a
-- notice they asked for. Deliveries and history stay with the rows they belong to.

CREATE TABLE "_SmsMerge" ("id" TEXT NOT NULL PRIMARY KEY, "winner" TEXT NOT NULL, "active" BOOLEAN NOT NULL);

INSERT INTO "_SmsMerge" ("id", "winner", "active")
SELECT r.id, w.id, r.active
FROM (
    SELECT id, "phoneNumber" AS phone,
        ("confirmedAt" IS NOT NULL AND "unsubscribedAt" IS NULL AND "disabledAt" IS NULL) AS active,
        ROW_NUMBER() OVER (PARTITION BY "phoneNumber" ORDER BY (CASE WHEN "confirmedAt" IS NOT NULL AND "unsubscribedAt" IS NULL AND "disabledAt" IS NULL THEN 1 ELSE 0 END) DESC, (CASE WHEN "unsubscribedAt" IS NULL AND "disabledAt" IS NULL THEN 1 ELSE 0 END) DESC, "confirmedAt" DESC NULLS LAST, "createdAt" DESC, id DESC) AS rn
    FROM "Subscriber" WHERE "channel" = 'sms' AND "phoneNumber" IS NOT NULL
) r
JOIN (
    SELECT id, "phoneNumber" AS phone,
        ROW_NUMBER() OVER (PARTITION BY "phoneNumber" ORDER BY (CASE WHEN "confirmedAt" IS NOT NULL AND "unsubscribedAt" IS NULL AND "disabledAt" IS NULL THEN 1 ELSE 0 END) DESC, (CASE WHEN "unsubscribedAt" IS NULL AND "disabledAt" IS NULL THEN 1 ELSE 0 END) DESC, "confirmedAt" DESC NULLS LAST, "createdAt" DESC, id DESC) AS rn
    FROM "Subscriber" WHERE "channel" = 'sms' AND "phoneNumber" IS NOT NULL
) w ON w.phone = r.phone AND w.rn = 1
WHERE r.rn > 1;

-- An active row ended here is active only if the row kept is (the ranking puts active rows first).
UPDATE "Subscriber" SET "allRegions" = TRUE
WHERE id IN (SELECT m."winner" FROM "_SmsMerge" m JOIN "Subscriber" l ON l.id = m.id WHERE m.active AND l."allRegions");
UPDATE "Subscriber" SET "allComponents" = TRUE
WHERE id IN (SELECT m."winner" FROM "_SmsMerge" m JOIN "Subscriber" l ON l.id = m.id WHERE m.active AND l."allComponents");
UPDATE "Subscriber" SET "noticeKinds" = ''
WHERE id IN (SELECT m."winner" FROM "_SmsMerge" m JOIN "Subscriber" l ON l.id = m.id JOIN "Subscriber" w ON w.id = m."winner" WHERE m.active AND l."noticeKinds" <> w."noticeKinds");
INSERT INTO "SubscriberRegion" ("subscriberId", "regionId")
SELECT DISTINCT m."winner", sr."regionId" FROM "_SmsMerge" m JOIN "SubscriberRegion" sr ON sr."subscriberId" = m.id
WHERE m.active AND NOT EXISTS (SELECT 1 FROM "SubscriberRegion" x WHERE x."subscriberId" = m."winner" AND x."regionId" = sr."regionId");
INSERT INTO "SubscriberComponent" ("subscriberId", "componentId")
SELECT DISTINCT m."winner", sc."componentId" FROM "_SmsMerge" m JOIN "SubscriberComponent" sc ON sc."subscriberId" = m.id
WHERE m.active AND NOT EXISTS (SELECT 1 FROM "SubscriberComponent" x WHERE x."subscriberId" = m."winner" AND x."componentId" = sc."componentId");

INSERT INTO "AuditLog" ("at", "actorType", "actorLabel", "action", "objectType", "objectId", "before", "after")
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'system', 'Candor', 'subscriber.sms_merge', 'subscriber', m.id,
    '{"key":' || json_quote(s."key") || ',"unsubscribed":' || (CASE WHEN s."unsubscribedAt" IS NULL THEN 'false' ELSE 'true' END) || '}',
    '{"keptSubscriber":' || json_quote(m."winner") || ',"unsubscribed":true,"reason":"one SMS subscription per number"}'
FROM "_SmsMerge" m JOIN "Subscriber" s ON s.id = m.id;

UPDATE "Subscriber" SET "key" = 'sms ' || "phoneNumber" || ' merged ' || id, "smsCodeHash" = NULL, "smsCodeExpiresAt" = NULL, "confirmTokenHash" = NULL, "confirmExpiresAt" = NULL,
    "unsubscribedAt" = COALESCE("unsubscribedAt", strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
WHERE id IN (SELECT id FROM "_SmsMerge");
UPDATE "Subscriber" SET "key" = 'sms ' || "phoneNumber"
WHERE "channel" = 'sms' AND "phoneNumber" IS NOT NULL AND id NOT IN (SELECT id FROM "_SmsMerge");

DROP TABLE "_SmsMerge";
