import { NOTICE_DATA_STATES } from '@/lib/domain/audience';
import { num, rows } from './sql';

// The audience rules of lib/domain/audience.ts in SQL, so a notice fans out inside the database
// without loading subscribers into memory. Parameters: $1 incident id, $2 kind pattern (',kind,').

/** impactsForKind in SQL: the data states are constants from lib/domain/audience.ts, never input. */
function impactStateSql(kind: string): string {
  const states = NOTICE_DATA_STATES[kind];
  return states ? `AND ii."dataState" IN (${states.map((x) => `'${x.replace(/[^a-z_]/g, '')}'`).join(', ')})` : '';
}

/** A channel staff switched off in the settings (PageSettings.channels) reaches no one; e-mail is always on, and no settings row means all on. */
const ENABLED_CHANNEL = `AND (s.channel = 'email' OR NOT EXISTS (SELECT 1 FROM "PageSettings" p WHERE p.id = 1)
        OR (',' || (SELECT p.channels FROM "PageSettings" p WHERE p.id = 1) || ',') LIKE ('%,' || s.channel || ',%'))`;

/** Subscriber id and the region they receive, for subscribers in (lower, upper]. */
export function audienceSelect(range: { lower: number; upper: number } | null, kind: string): string {
  const rangeSql = range ? `AND s.id > $${range.lower} AND s.id <= $${range.upper}` : '';
  const states = impactStateSql(kind);
  // Most subscribers follow everything: they get the first affected region without a per-row subquery.
  return `SELECT s.id AS sid, CASE WHEN s."allRegions" AND s."allComponents" THEN (
      SELECT r.id FROM "Region" r WHERE EXISTS (SELECT 1 FROM "IncidentImpact" ii WHERE ii."incidentId" = $1 AND ii."regionId" = r.id ${states})
      ORDER BY r.position, r.slug LIMIT 1) ELSE (
      SELECT r.id FROM "Region" r
      WHERE EXISTS (
          SELECT 1 FROM "IncidentImpact" ii
          WHERE ii."incidentId" = $1 AND ii."regionId" = r.id ${states}
            AND (s."allComponents" OR EXISTS (SELECT 1 FROM "SubscriberComponent" sc WHERE sc."subscriberId" = s.id AND sc."componentId" = ii."componentId")))
        AND (s."allRegions" OR EXISTS (SELECT 1 FROM "SubscriberRegion" sr WHERE sr."subscriberId" = s.id AND sr."regionId" = r.id))
      ORDER BY r.position, r.slug
      LIMIT 1) END AS rid
    FROM "Subscriber" s
    WHERE s."confirmedAt" IS NOT NULL AND s."unsubscribedAt" IS NULL AND s."pausedAt" IS NULL
      AND (s."noticeKinds" = '' OR (',' || s."noticeKinds" || ',') LIKE $2)
      AND s."disabledAt" IS NULL
      AND (s.channel <> 'email' OR NOT EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = s.email))
      ${ENABLED_CHANNEL}
      ${rangeSql}`;
}

export const kindPattern = (kind: string) => `%,${kind},%`;

/** How many subscribers a notice of this kind about this incident would reach now. */
export async function countAudience(incidentId: string, kind: string): Promise<number> {
  const [row] = await rows<{ n: unknown }>(`SELECT COUNT(*) AS n FROM (${audienceSelect(null, kind)}) q WHERE q.rid IS NOT NULL`, [incidentId, kindPattern(kind)]);
  return num(row?.n);
}

/** Audience per region (id -> count), for the console. */
export async function countAudienceByRegion(incidentId: string, kind: string): Promise<Map<string, number>> {
  const list = await rows<{ rid: string; n: unknown }>(`SELECT q.rid AS rid, COUNT(*) AS n FROM (${audienceSelect(null, kind)}) q WHERE q.rid IS NOT NULL GROUP BY q.rid`, [incidentId, kindPattern(kind)]);
  return new Map(list.map((r) => [r.rid, num(r.n)]));
}
