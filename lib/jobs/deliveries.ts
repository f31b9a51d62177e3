import type { Channel } from '@/lib/channels/types';
import type { Lang } from '@/lib/i18n/languages';
import { readerLanguage } from '@/lib/i18n/reader';
import { sqliteIso } from '@/lib/server/sqlite-direct';
import { dialect, enumCast, execute, num, outboxBatch, outboxExecute, outboxRows, rows, ts, tsParam } from './sql';
import { smsPartRows, smsPartUpsertsSqlite, SMS_PARTS_UPSERT_PG } from './sms-parts';

// The outbox's SQL: claim due deliveries, record outcomes in bulk, hand back stale claims, and
// mark notices complete. PostgreSQL claims with FOR UPDATE SKIP LOCKED so several workers share
// the work; SQLite has one worker and claims with a single UPDATE ... RETURNING.

/** The region's sender ID, looked up for SMS rows only (e-mail, the bulk, pays nothing for it). */
const SMS_SENDER = (delivery: string) => `CASE WHEN s.channel = 'sms' THEN (SELECT r."smsSenderId" FROM "Region" r WHERE r.id = ${delivery}."regionId") END AS "smsSenderId"`;

export interface Claimed {
  id: number;
  noticeId: string;
  subscriberId: string;
  regionId: string;
  attempts: number;
  email: string;
  timeZone: string;
  /** The language the reader is written to in (lib/i18n/reader.ts): theirs, else their region's, else English. */
  lang: Lang;
  /** The locale their dates and numbers are written in. */
  locale: string;
  tokenGeneration: number;
  /** Unsubscribed, paused or disabled since the notice was prepared. */
  gone: boolean;
  suppressed: boolean;
  /** lib/channels/types.ts: e-mail goes through the SMTP path, the others through their ChannelSender. */
  channel: Channel;
  endpoint: string | null;
  phoneNumber: string | null;
  /** The region's own SMS sender ID (SMS rows only); null: SMS_URL's sender. */
  smsSenderId: string | null;
  /** Sealed (lib/server/subscriptions/webhook-secret.ts). */
  webhookSecret: string | null;
  /** The endpoint's failed attempts in a row when claimed: a success needs recording only when this is not 0. */
  failureCount: number;
}

/** Notices whose deliveries may go out now (a paused or canceled notice holds its rows back). */
export const ACTIVE_NOTICE = `SELECT n.id FROM "Notice" n WHERE n.status IN ('queued', 'sending')`;

/** While the mail relay is down (the worker's pause), a claim takes only webhook, chat and SMS rows. */
export const NOT_EMAIL = `AND EXISTS (SELECT 1 FROM "Subscriber" s2 WHERE s2.id = d2."subscriberId" AND s2.channel <> 'email')`;

/** Where a worker's last full claim ended in the claim order: (nextAttemptAt as fixed-width text, id). */
export interface ClaimCursor {
  at: string;
  id: number;
}

/**
 * Claims up to `limit` due deliveries in (nextAttemptAt, id) order. On PostgreSQL, `after` starts the
 * index scan past the last full claim: every claimed or finished row leaves a dead entry at the front
 * of the claim index until VACUUM, and a scan from the start steps over all of them (thousands of
 * pages per claim at 1,000,000). The caller passes null now and then, and after a short claim, so a
 * row that falls behind the cursor (a stale claim handed back) is still claimed soon.
 */
export async function claimDeliveries(workerId: string, limit: number, now = new Date(), after: ClaimCursor | null = null, opts: { skipEmail?: boolean } = {}): Promise<{ claimed: Claimed[]; cursor: ClaimCursor | null }> {
  const notEmail = opts.skipEmail ? NOT_EMAIL : '';
  if (dialect() === 'postgresql') {
    const from = after ? `AND (d2."nextAttemptAt", d2.id) > ($4::timestamp(3), $5::int)` : '';
    const list = await outboxRows<Record<string, unknown>>(
      `WITH c AS (
         UPDATE "Delivery" d SET status = 'sending', "claimedBy" = $1, "claimedAt" = ${ts(3)}
         WHERE d.id IN (
           SELECT d2.id FROM "Delivery" d2
           WHERE d2.status = 'pending' AND d2."nextAttemptAt" <= ${ts(3)} AND d2."noticeId" IN (${ACTIVE_NOTICE}) ${from} ${notEmail}
           ORDER BY d2."nextAttemptAt", d2.id
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
         RETURNING d.id, d."noticeId", d."subscriberId", d."regionId", d.attempts, to_char(d."nextAttemptAt", 'YYYY-MM-DD HH24:MI:SS.MS') AS due)
       SELECT c.*, s.email, s."timeZone", s.locale AS "readerLocale", (SELECT r.locale FROM "Region" r WHERE r.id = c."regionId") AS locale, s."tokenGeneration",
              (s."unsubscribedAt" IS NOT NULL OR s."pausedAt" IS NOT NULL OR s."disabledAt" IS NOT NULL) AS gone,
              (s.channel = 'email' AND EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = s.email)) AS suppressed,
              s.channel, s.endpoint, s."phoneNumber", s."webhookSecret", s."failureCount", ${SMS_SENDER('c')}
       FROM c JOIN "Subscriber" s ON s.id = c."subscriberId"
       ORDER BY c.id`,
      after ? [workerId, limit, tsParam(now), after.at, after.id] : [workerId, limit, tsParam(now)],
    );
    let cursor: ClaimCursor | null = null;
    if (list.length === limit) {
      for (const r of list) {
        const at = String(r.due);
        const id = num(r.id);
        if (!cursor || at > cursor.at || (at === cursor.at && id > cursor.id)) cursor = { at, id };
      }
    }
    return { claimed: list.map(toClaimed), cursor };
  }
  // SQLite updates rows in place: no dead entries to step over, so every claim scans from the start.
  const claimed = await outboxRows<Record<string, unknown>>(sqliteClaim(notEmail), [workerId, limit, now]);
  if (claimed.length === 0) return { claimed: [], cursor: null };
  const list = await outboxRows<Record<string, unknown>>(SQLITE_CLAIMED_ROWS, [JSON.stringify(claimed.map((c) => num(c.id))), workerId]);
  return { claimed: list.map(toClaimed), cursor: null };
}

/** SQLite's claim ($1 worker, $2 limit, $3 now): marks the first due rows 'sending' and answers their ids. */
export const sqliteClaim = (notEmail = '') => `UPDATE "Delivery" SET status = 'sending', "claimedBy" = $1, "claimedAt" = $3
     WHERE id IN (
       SELECT d2.id FROM "Delivery" d2
       WHERE d2.status = 'pending' AND d2."nextAttemptAt" <= $3 AND d2."noticeId" IN (${ACTIVE_NOTICE}) ${notEmail}
       ORDER BY d2."nextAttemptAt", d2.id
       LIMIT $2)
     RETURNING id`;

/** The claimed rows with what sending them needs ($1 the ids as JSON, $2 the worker). */
export const SQLITE_CLAIMED_ROWS = `SELECT d.id, d."noticeId", d."subscriberId", d."regionId", d.attempts, s.email, s."timeZone", s.locale AS "readerLocale", (SELECT r.locale FROM "Region" r WHERE r.id = d."regionId") AS locale, s."tokenGeneration",
            (s."unsubscribedAt" IS NOT NULL OR s."pausedAt" IS NOT NULL OR s."disabledAt" IS NOT NULL) AS gone,
            (s.channel = 'email' AND EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = s.email)) AS suppressed,
              s.channel, s.endpoint, s."phoneNumber", s."webhookSecret", s."failureCount", ${SMS_SENDER('d')}
     FROM "Delivery" d JOIN "Subscriber" s ON s.id = d."subscriberId"
     WHERE d.id IN (SELECT value FROM json_each($1)) AND d."claimedBy" = $2
     ORDER BY d.id`;

// A claim's rows share a few (reader, region) locale pairs; the tag checks behind them cost microseconds each.
const readerOf = new Map<string, { lang: Lang; locale: string }>();
function reader(readerLocaleTag: string | null, regionLocale: string | null): { lang: Lang; locale: string } {
  const key = `${readerLocaleTag ?? ''}|${regionLocale ?? ''}`;
  let found = readerOf.get(key);
  if (!found) {
    found = readerLanguage(readerLocaleTag, regionLocale);
    if (readerOf.size > 1000) readerOf.clear();
    readerOf.set(key, found);
  }
  return found;
}

function toClaimed(r: Record<string, unknown>): Claimed {
  const { lang, locale } = reader(r.readerLocale == null ? null : String(r.readerLocale), r.locale == null ? null : String(r.locale));
  return {
    id: num(r.id),
    noticeId: String(r.noticeId),
    subscriberId: String(r.subscriberId),
    regionId: String(r.regionId),
    attempts: num(r.attempts),
    email: String(r.email),
    timeZone: String(r.timeZone),
    lang,
    locale,
    tokenGeneration: num(r.tokenGeneration),
    gone: Boolean(num(r.gone === true ? 1 : r.gone === false ? 0 : r.gone)),
    suppressed: Boolean(num(r.suppressed === true ? 1 : r.suppressed === false ? 0 : r.suppressed)),
    channel: (r.channel ?? 'email') as Channel,
    endpoint: r.endpoint == null ? null : String(r.endpoint),
    phoneNumber: r.phoneNumber == null ? null : String(r.phoneNumber),
    smsSenderId: r.smsSenderId == null ? null : String(r.smsSenderId),
    webhookSecret: r.webhookSecret == null ? null : String(r.webhookSecret),
    failureCount: num(r.failureCount ?? 0),
  };
}

export type DeliveryOutcome =
  | { id: number; status: 'sent'; messageId: string; smsParts?: string[] }
  | { id: number; status: 'pending'; nextAttemptAt: Date; error: string | null; countAttempt: boolean }
  | { id: number; status: 'failed' | 'suppressed' | 'canceled'; error: string; countAttempt: boolean; failureClass?: FailureClass };

/** Why a delivery failed for good (Delivery.failureClass): the classifier's verdict, or try_later once the attempts ran out. */
export type FailureClass = 'recipient_unknown' | 'policy' | 'rejected' | 'try_later';

/**
 * One outcome on SQLite, run for each row of a group in one transaction (statements compiled once:
 * cheaper than one statement reading the group from JSON). Parameters: status, messageId, error,
 * failure class, status again, now, next attempt, attempts to add, id, worker.
 */
export const OUTCOME_SQLITE = `UPDATE "Delivery" SET
     status = ?, "messageId" = COALESCE(?, "messageId"), "lastError" = ?, "failureClass" = ?,
     "sentAt" = CASE WHEN ? = 'sent' THEN ? ELSE "sentAt" END,
     "nextAttemptAt" = COALESCE(?, "nextAttemptAt"), attempts = attempts + ?,
     "claimedBy" = NULL, "claimedAt" = NULL
   WHERE id = ? AND "claimedBy" = ? AND status = 'sending'`;

/**
 * Records many outcomes in one write; only rows this worker still holds are touched. The rows are
 * found by id. On PostgreSQL, one statement: `status::text` keeps the planner off the status index,
 * whose 'sending' range holds a dead entry for every row ever claimed until VACUUM (hundreds of
 * pages per write). On SQLite, one transaction of a statement per row (an earlier single statement
 * over JSON searched every claimed row through the status index for each group: 5 ms for 8
 * outcomes with 512 rows claimed).
 * The SMSC ids of sent texts' segments go in with them (same statement on PostgreSQL, same
 * transaction on SQLite): one write per group instead of one more for the ids.
 */
export async function recordOutcomes(workerId: string, outcomes: DeliveryOutcome[], now = new Date()): Promise<void> {
  if (outcomes.length === 0) return;
  const v = outcomes.map((o) => ({
    i: o.id,
    s: o.status,
    m: o.status === 'sent' ? o.messageId : null,
    e: o.status === 'sent' ? null : o.error,
    n: o.status === 'pending' ? o.nextAttemptAt.toISOString() : null,
    c: o.status === 'sent' || ('countAttempt' in o && o.countAttempt) ? 1 : 0,
    f: o.status === 'failed' ? (o.failureClass ?? null) : null,
  }));
  const parts = smsPartRows(outcomes);
  if (dialect() === 'postgresql') {
    await outboxExecute(
      `${parts.length > 0 ? `WITH parts AS (${SMS_PARTS_UPSERT_PG('$10', '$11')}) ` : ''}UPDATE "Delivery" AS d SET
         status = v.s${enumCast('DeliveryStatus')},
         "messageId" = COALESCE(v.m, d."messageId"),
         "lastError" = v.e,
         "failureClass" = v.f,
         "sentAt" = CASE WHEN v.s = 'sent' THEN ${ts(3)} ELSE d."sentAt" END,
         "nextAttemptAt" = COALESCE(v.n::timestamptz AT TIME ZONE 'UTC', d."nextAttemptAt"),
         attempts = d.attempts + v.c,
         "claimedBy" = NULL, "claimedAt" = NULL
       FROM unnest($1::int[], $2::text[], $4::text[], $5::text[], $6::text[], $7::int[], $9::text[]) AS v(i, s, m, e, n, c, f)
       WHERE d.id = v.i AND d."claimedBy" = $8 AND d.status::text = 'sending'`,
      [v.map((x) => x.i), v.map((x) => x.s), tsParam(now), v.map((x) => x.m), v.map((x) => x.e), v.map((x) => x.n), v.map((x) => x.c), workerId, v.map((x) => x.f), ...(parts.length > 0 ? [parts.map((p) => p[0]), parts.map((p) => p[1])] : [])],
    );
    return;
  }
  const rows: [string, unknown[]][] = v.map((x) => [OUTCOME_SQLITE, [x.s, x.m, x.e, x.f, x.s, now, x.n ? sqliteIso(new Date(x.n)) : null, x.c, x.i, workerId]]);
  rows.push(...smsPartUpsertsSqlite(parts));
  await outboxBatch(rows);
}

export async function suppress(entries: { email: string; reason: string }[], now = new Date()): Promise<void> {
  for (const e of entries) {
    await execute(`INSERT INTO "Suppression" (email, reason, "createdAt") VALUES ($1, $2, ${ts(3)}) ON CONFLICT (email) DO NOTHING`, [e.email, e.reason.slice(0, 500), tsParam(now)]);
  }
}

/** Notices in 'sending' with nothing left to do become 'sent'. */
export async function completeNotices(now = new Date()): Promise<number> {
  return execute(
    `UPDATE "Notice" SET status = 'sent', "completedAt" = ${ts(1)}, "updatedAt" = ${ts(1)}
     WHERE status = 'sending' AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."noticeId" = "Notice".id AND d.status IN ('pending', 'sending'))`,
    [tsParam(now)],
  );
}

export interface NoticeProgress {
  audience: number;
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  suppressed: number;
  canceled: number;
}

export async function noticeProgress(noticeId: string): Promise<NoticeProgress> {
  const list = await rows<{ status: string; n: unknown }>(`SELECT status, COUNT(*) AS n FROM "Delivery" WHERE "noticeId" = $1 GROUP BY status`, [noticeId]);
  const p: NoticeProgress = { audience: 0, pending: 0, sending: 0, sent: 0, failed: 0, suppressed: 0, canceled: 0 };
  for (const r of list) {
    const k = r.status as keyof NoticeProgress;
    if (k in p) p[k] = num(r.n);
    p.audience += num(r.n);
  }
  return p;
}
