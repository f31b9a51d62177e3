// npm run bench:progress [-- --deliveries 100000 --rounds 5]
// A notice's progress as the console's notice page polls it: the per-channel count with SMS receipt
// states (lib/server/notices/channel-progress.ts, its keeping bypassed) against the baseline of the
// same run, the totals that walk the (noticeId, status) index (noticeProgress). SQLite, one notice
// to a mix of channels, a third of it pending, ANALYZE run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const { values } = parseArgs({ options: { deliveries: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '5' } } });
const N = Number(values.deliveries);
const ROUNDS = Number(values.rounds);
const dir = mkdtempSync(join(tmpdir(), 'candor-bench-progress-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'bench.db');
process.env.DATABASE_URL = `file:${file}`;
Object.assign(process.env, { NODE_ENV: 'production' });
execFileSync('node', ['bin/candor.mjs', 'migrate'], { env: process.env, stdio: ['ignore', 'ignore', 'inherit'] });

const at = '2026-01-01T00:00:00.000Z';
const raw = new Database(file);
raw.prepare(`INSERT INTO "Region" (id, slug, name, carrier, product, market, "timeZone", "createdAt", "updatedAt") VALUES ('r1', 'r1', 'R', 'C', 'P', 'M', 'UTC', ?, ?)`).run(at, at);
raw.prepare(`INSERT INTO "Incident" (id, title, "createdAt", "updatedAt") VALUES ('i1', 't', ?, ?)`).run(at, at);
raw.prepare(`INSERT INTO "Notice" (id, "incidentId", kind, status, "createdAt", "updatedAt") VALUES ('n1', 'i1', 'update', 'sending', ?, ?)`).run(at, at);
const channels = ['email', 'email', 'email', 'email', 'email', 'email', 'sms', 'sms', 'webhook', 'slack'];
const sub = raw.prepare(`INSERT INTO "Subscriber" (id, email, channel, key, "manageTokenHash", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)`);
const del = raw.prepare(`INSERT INTO "Delivery" ("noticeId", "subscriberId", "regionId", status, "receiptState", "nextAttemptAt", "createdAt") VALUES ('n1', ?, 'r1', ?, ?, ?, ?)`);
raw.transaction(() => {
  for (let i = 0; i < N; i++) {
    const id = `s${String(i).padStart(8, '0')}`;
    const channel = channels[i % channels.length]!;
    sub.run(id, `${id}@example.com`, channel, `${channel} ${id}`, `h${id}`, at, at);
    const status = i % 3 === 0 ? 'pending' : 'sent';
    del.run(id, status, channel === 'sms' && status === 'sent' ? (i % 7 === 0 ? 'failed' : 'delivered') : null, at, at);
  }
})();
raw.exec('ANALYZE');
raw.close();

const { noticeProgress } = await import('@/lib/jobs/deliveries');
const { channelProgress } = await import('@/lib/server/notices/channel-progress');
const { closeDb } = await import('@/lib/server/db');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function measure(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}
// What channel-progress.ts keeps is dropped before each call, so every call counts.
const kept = () => (globalThis as { __candorChannelProgress?: Map<string, unknown> }).__candorChannelProgress;
const base = await measure(() => noticeProgress('n1'));
const perChannel = await measure(() => {
  kept()?.clear();
  return channelProgress('n1');
});
console.log(`${N.toLocaleString('en-US')} deliveries, median of ${ROUNDS}:`);
console.log(`  baseline, totals (noticeProgress):       ${base.toFixed(1)} ms`);
console.log(`  per channel with receipts (one count):   ${perChannel.toFixed(1)} ms (${(perChannel / base).toFixed(1)}x)`);
console.log(`  kept for ${Math.max(1000, perChannel * 20).toFixed(0)} ms after each count: at most ${((perChannel / Math.max(1000, perChannel * 20)) * 100).toFixed(1)} % of the thread`);
await closeDb();
