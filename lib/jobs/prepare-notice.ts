import { db } from '@/lib/server/db';
import { LANGUAGES } from '@/lib/i18n/languages';
import { noticePropsByRegion } from '@/lib/server/notices/notice-props';
import { renderNotice } from '@/lib/mail/templates/notice';
import { buildChannelNotice, type ChannelNoticeFacts } from '@/lib/channels/channel-notice';
import { channelFactsByRegion } from '@/lib/server/notices/channel-facts';
import { isUniqueViolation } from '@/lib/server/api/respond';
import { audienceSelect, kindPattern } from './audience-sql';
import { dialect, execute, num, rows, ts, tsParam } from './sql';

// Fan-out, step one: render the notice once per affected region and language, then insert one delivery row
// per addressee in batches of subscriber ids (INSERT ... SELECT ... ON CONFLICT DO NOTHING).
// Rerunning after a crash resumes: rows that exist are skipped, never doubled. Deliveries become
// claimable batch by batch, so the first messages leave while later batches are still inserted.

export const FIRST_BATCH = 500;
export const BATCH = 20_000;

/**
 * PostgreSQL plans the workers' claims from table statistics. A new notice's rows are not in them
 * until autovacuum's next ANALYZE, and meanwhile the planner takes the notice for a small one and
 * sorts all its rows on every claim (350 ms per claim at 1,000,000). So the statistics are
 * refreshed as the notice grows: after 20,000 rows, then each time the count has grown fourfold.
 */
async function refreshPlannerStatistics(): Promise<void> {
  if (dialect() !== 'postgresql') return;
  await execute('ANALYZE "Delivery"').catch(() => undefined);
}

export interface PrepareResult {
  noticeId: string;
  regions: number;
  audience: number;
  status: string;
}

/** Renders the notice once per (affected region, language): each reader's message is then that rendering, personalised. */
export async function renderNoticeRegions(noticeId: string): Promise<number> {
  const notice = await db().notice.findUniqueOrThrow({ where: { id: noticeId } });
  const variants = await noticePropsByRegion({ incidentId: notice.incidentId, kind: notice.kind, subject: notice.subject, body: notice.body, updateId: notice.updateId, now: notice.createdAt, langs: LANGUAGES });
  const key = (regionId: string, lang: string) => `${regionId}|${lang}`;
  const existing = new Set((await db().noticeRendering.findMany({ where: { noticeId }, select: { regionId: true, lang: true } })).map((r) => key(r.regionId, r.lang)));
  const facts = variants.some(({ region, lang }) => !existing.has(key(region.id, lang))) ? await channelFactsByRegion({ noticeId, incidentId: notice.incidentId, updateId: notice.updateId }) : new Map<string, ChannelNoticeFacts>();
  for (const { region, lang, props } of variants) {
    if (existing.has(key(region.id, lang))) continue;
    const rendered = renderNotice(props);
    const regionFacts = facts.get(region.id);
    const channels = regionFacts ? JSON.stringify(buildChannelNotice(props, regionFacts)) : null;
    try {
      await db().noticeRendering.create({ data: { noticeId, regionId: region.id, lang, subject: rendered.subject, html: rendered.html, text: rendered.text, channels } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return new Set(variants.map((v) => v.region.id)).size;
}

/** Prepares a queued notice; a no-op for any other status. Safe to run twice, or concurrently. */
export async function prepareNotice(noticeId: string, opts: { onBatch?: (inserted: number) => void; batchSize?: number } = {}): Promise<PrepareResult> {
  const notice = await db().notice.findUnique({ where: { id: noticeId } });
  if (!notice || notice.status !== 'queued') return { noticeId, regions: 0, audience: notice?.audienceCount ?? 0, status: notice?.status ?? 'missing' };
  const regions = await renderNoticeRegions(noticeId);

  const now = new Date();
  const insert = `INSERT INTO "Delivery" ("noticeId", "subscriberId", "regionId", "nextAttemptAt", "createdAt")
    SELECT $3, q.sid, q.rid, ${ts(4)}, ${ts(4)} FROM (${audienceSelect({ lower: 5, upper: 6 }, notice.kind)}) q
    WHERE q.rid IS NOT NULL
    ON CONFLICT ("noticeId", "subscriberId") DO NOTHING`;
  let lower = '';
  let size = FIRST_BATCH;
  let inserted = 0;
  let analyzeAt = BATCH;
  for (;;) {
    const [edge] = await rows<{ id: string }>(`SELECT id FROM "Subscriber" WHERE id > $1 ORDER BY id LIMIT 1 OFFSET $2`, [lower, size - 1]);
    const [last] = edge ? [edge] : await rows<{ id: string }>(`SELECT MAX(id) AS id FROM "Subscriber" WHERE id > $1`, [lower]);
    if (!last?.id) break;
    const added = await execute(insert, [notice.incidentId, kindPattern(notice.kind), noticeId, tsParam(now), lower, last.id]);
    inserted += added;
    if (inserted >= analyzeAt) {
      await refreshPlannerStatistics();
      analyzeAt = inserted * 4;
    }
    opts.onBatch?.(added);
    if (!edge) break;
    lower = last.id;
    size = opts.batchSize ?? BATCH;
  }
  const [count] = await rows<{ n: unknown }>(`SELECT COUNT(*) AS n FROM "Delivery" WHERE "noticeId" = $1`, [noticeId]);
  const audience = num(count?.n);
  await db().notice.updateMany({ where: { id: noticeId, status: 'queued' }, data: { status: 'sending', audienceCount: audience } });
  await db().notice.updateMany({ where: { id: noticeId, status: { not: 'queued' } }, data: { audienceCount: audience } });
  const after = await db().notice.findUniqueOrThrow({ where: { id: noticeId }, select: { status: true } });
  return { noticeId, regions, audience, status: after.status };
}
