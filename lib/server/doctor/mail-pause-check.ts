import { PAUSE_STALE_AFTER_MS } from '@/lib/jobs/mail-pause';
import type { DatabaseKind } from '../env';
import { describePause, pauseAdvice } from '../health/mail-status';
import { readOnly } from './read-only';
import type { Check } from './run-doctor';

// `candor doctor` reads the paused workers' rows (MailPause) with its own short connection, the
// way it reads the migration history: the same state the console banner and /api/health show.

interface PauseRow {
  since: number;
  updated: number;
  reason: string;
  reply: string;
  stage: string;
}

const WAITING_SQL = `SELECT (SELECT COUNT(*) FROM "Delivery" d WHERE d.status IN ('pending', 'sending') AND d."noticeId" IN (SELECT n.id FROM "Notice" n WHERE n.status IN ('queued', 'sending')))
                          + (SELECT COUNT(*) FROM "OutboxMail" m WHERE m.status IN ('pending', 'sending')) AS n`;

async function readPauses(url: string, kind: DatabaseKind, timeoutMs: number): Promise<{ rows: PauseRow[]; waiting: number }> {
  return readOnly(url, kind, timeoutMs, {
    sqlite: (conn) => {
      const raw = conn.prepare(`SELECT since, "updatedAt" AS updated, reason, reply, stage FROM "MailPause"`).all() as Record<string, unknown>[];
      const waiting = Number((conn.prepare(WAITING_SQL).get() as { n: number }).n);
      // Prisma keeps SQLite DateTimes as ISO text or epoch milliseconds, depending on how they were written.
      const time = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) : Date.parse(String(v)));
      return { rows: raw.map((r) => ({ since: time(r.since), updated: time(r.updated), reason: String(r.reason), reply: String(r.reply), stage: String(r.stage) })), waiting };
    },
    postgresql: async (client) => {
      // Columns are UTC timestamps without zone: read them as epoch milliseconds, never through the local zone.
      const rows = await client.query<PauseRow>(`SELECT (EXTRACT(EPOCH FROM since) * 1000)::float8 AS since, (EXTRACT(EPOCH FROM "updatedAt") * 1000)::float8 AS updated, reason, reply, stage FROM "MailPause"`);
      const waiting = await client.query<{ n: string }>(WAITING_SQL);
      return { rows: rows.rows, waiting: Number(waiting.rows[0]?.n ?? 0) };
    },
  });
}

/** Fails while a live worker has paused sending; says what the relay answered and what to fix. */
export async function mailPauseCheck(url: string, kind: DatabaseKind, now = new Date(), timeoutMs = 5_000): Promise<Check> {
  let state;
  try {
    state = await readPauses(url, kind, timeoutMs);
  } catch (error) {
    return { name: 'mail delivery', level: 'warn', message: `could not read the delivery state: ${(error as Error).message.split('\n')[0]}` };
  }
  const live = state.rows.filter((r) => now.getTime() - r.updated < PAUSE_STALE_AFTER_MS).sort((a, b) => b.updated - a.updated);
  const latest = live[0];
  if (!latest) return { name: 'mail delivery', level: 'ok', message: `no worker has paused sending (${state.waiting} message(s) queued)` };
  const since = new Date(Math.min(...live.map((r) => r.since)));
  return {
    name: 'mail delivery',
    level: 'fail',
    message: `${describePause({ since, reason: latest.reason, waiting: state.waiting }, now)} (the relay said: ${latest.reply})`,
    fix: pauseAdvice(latest.stage),
  };
}
