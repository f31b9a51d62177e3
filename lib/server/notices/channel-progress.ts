import { progressByChannel, type ChannelProgress, type ProgressCountRow } from '@/lib/domain/notice-progress';
import { num, rows } from '@/lib/jobs/sql';

// A notice's progress per channel, for the console's live view and the API. Counting by channel
// joins every delivery to its subscriber: about 10 ms for 10,000 deliveries but 100 ms or more for
// 100,000, which a page polling every second would spend again and again on the web process's
// thread. So each answer is kept for twenty times as long as it took (at least one second): live
// on an ordinary notice, and never more than about 5 % of the thread on a very large one.

const KEEP_FACTOR = 20;
const MIN_KEEP_MS = 1000;
const MAX_ENTRIES = 200;

interface Kept {
  until: number;
  value: ChannelProgress[];
}

const g = globalThis as unknown as { __candorChannelProgress?: Map<string, Kept> };

async function count(noticeId: string): Promise<ChannelProgress[]> {
  const list = await rows<{ channel: string; status: string; receipt: string | null; n: unknown }>(
    `SELECT s.channel AS channel, d.status AS status, d."receiptState" AS receipt, COUNT(*) AS n
     FROM "Delivery" d JOIN "Subscriber" s ON s.id = d."subscriberId"
     WHERE d."noticeId" = $1
     GROUP BY s.channel, d.status, d."receiptState"`,
    [noticeId],
  );
  return progressByChannel(list.map((r): ProgressCountRow => ({ channel: r.channel, status: String(r.status), receipt: r.receipt, n: num(r.n) })));
}

/** The notice's deliveries per channel; `clock` is read before and after the count. */
export async function channelProgress(noticeId: string, clock: () => number = Date.now): Promise<ChannelProgress[]> {
  const kept = (g.__candorChannelProgress ??= new Map());
  const hit = kept.get(noticeId);
  const started = clock();
  if (hit && hit.until > started) return hit.value;
  const value = await count(noticeId);
  const took = clock() - started;
  kept.delete(noticeId);
  if (kept.size >= MAX_ENTRIES) kept.delete(kept.keys().next().value!);
  kept.set(noticeId, { until: clock() + Math.max(MIN_KEEP_MS, took * KEEP_FACTOR), value });
  return value;
}
