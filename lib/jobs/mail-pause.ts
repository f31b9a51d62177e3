import { db } from '@/lib/server/db';
import { num, rows } from './sql';
import type { PauseEpisode } from './transport-gate';

// A paused worker says so in the database, so every process sees it: the console banner,
// /api/health and `candor doctor` read these rows. One row per paused worker; it is refreshed at
// every probe (at most a minute apart), so a row left by a worker that died soon reads as stale.

export const PAUSE_STALE_AFTER_MS = 5 * 60_000;

/** Writes this worker's pause (or removes it when `episode` is null). */
export async function recordPause(workerId: string, episode: PauseEpisode | null, now = new Date()): Promise<void> {
  if (!episode) {
    await db().mailPause.deleteMany({ where: { workerId } });
    return;
  }
  const data = { since: episode.since, reason: episode.reason.slice(0, 200), reply: episode.reply.slice(0, 500), stage: episode.stage, updatedAt: now };
  await db().mailPause.upsert({ where: { workerId }, create: { workerId, ...data }, update: data });
}

/** Rows of workers that stopped refreshing them long ago. */
export async function clearStalePauses(now = new Date()): Promise<number> {
  const { count } = await db().mailPause.deleteMany({ where: { updatedAt: { lt: new Date(now.getTime() - PAUSE_STALE_AFTER_MS) } } });
  return count;
}

export interface MailPauseState {
  since: Date;
  reason: string;
  reply: string;
  stage: string;
  /** Notice deliveries and Candor's own messages still to send. */
  waiting: number;
  workers: number;
}

/** Null while mail is going out; otherwise the oldest live pause, described by the latest word from the relay. */
export async function readMailPause(now = new Date()): Promise<MailPauseState | null> {
  const live = await livePauses(now);
  const latest = live[0];
  if (!latest) return null;
  const since = new Date(Math.min(...live.map((p) => p.since.getTime())));
  return { since, reason: latest.reason, reply: latest.reply, stage: latest.stage, waiting: await countWaiting(), workers: live.length };
}

/** The pauses of live workers, latest word first (no counting: cheap enough for every probe and scrape). */
export function livePauses(now = new Date()) {
  return db().mailPause.findMany({ where: { updatedAt: { gte: new Date(now.getTime() - PAUSE_STALE_AFTER_MS) } }, orderBy: { updatedAt: 'desc' } });
}

/** Everything still to send, on the (status, nextAttemptAt, id) indexes. */
export async function countWaiting(): Promise<number> {
  const [r] = await rows<{ d: unknown; m: unknown }>(
    `SELECT (SELECT COUNT(*) FROM "Delivery" d WHERE d.status IN ('pending', 'sending') AND d."noticeId" IN (SELECT n.id FROM "Notice" n WHERE n.status IN ('queued', 'sending'))) AS d,
            (SELECT COUNT(*) FROM "OutboxMail" m WHERE m.status IN ('pending', 'sending')) AS m`,
  );
  return num(r?.d) + num(r?.m);
}
