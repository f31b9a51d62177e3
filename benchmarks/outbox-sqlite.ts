// npm run bench:outbox-sqlite [-- --texts 10000 --group 16 --rounds 3]
// The SQLite outbox's own cost per text, without any SMSC: a notice of N texts claimed 256 at a time
// (claimDeliveries) and marked sent in groups with two segment ids each (recordOutcomes), as the
// worker writes them. Baseline from the same run: the very same SQL on a bare better-sqlite3
// connection in a synchronous loop (no turns, no parameter mapping, no promises). Rounds alternate,
// on one database reset between them. Besides time, the bytes each side writes per text (WAL frames
// and checkpoints, from /proc/self/io), which do not depend on the machine's speed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const { values } = parseArgs({ options: { texts: { type: 'string', default: '10000' }, group: { type: 'string', default: '16' }, rounds: { type: 'string', default: '3' } } });
const N = Number(values.texts);
const GROUP = Number(values.group);
const ROUNDS = Number(values.rounds);
const CLAIM = 256;
if (!Number.isInteger(N) || N < 1000 || !Number.isInteger(GROUP) || GROUP < 1) throw new Error('--texts must be an integer >= 1000 and --group >= 1');
const dir = mkdtempSync(join(tmpdir(), 'candor-bench-outbox-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'bench.db');
const url = `file:${file}`;
Object.assign(process.env, { DATABASE_URL: url, NODE_ENV: 'production' });
execFileSync('node', ['bin/candor.mjs', 'migrate'], { env: process.env, stdio: ['ignore', 'ignore', 'inherit'] });

const { openDb } = await import('@/lib/server/db');
const { claimDeliveries, recordOutcomes, OUTCOME_SQLITE, sqliteClaim, SQLITE_CLAIMED_ROWS } = await import('@/lib/jobs/deliveries');
const { smsPartRows, smsPartUpsertsSqlite } = await import('@/lib/jobs/sms-parts');
const { toSqlite } = await import('@/lib/jobs/sql');
const { sqliteIso } = await import('@/lib/server/sqlite-direct');

const at = '2026-01-01T00:00:00.000+00:00';
const raw = new Database(file);
raw.pragma('synchronous = NORMAL');
raw.prepare(`INSERT INTO "Region" (id, slug, name, carrier, product, market, "timeZone", locale, "createdAt", "updatedAt") VALUES ('r1', 'r1', 'R', 'Telstra', 'Hiptop', 'Australia', 'Australia/Sydney', 'en-AU', ?, ?)`).run(at, at);
raw.prepare(`INSERT INTO "Incident" (id, title, "createdAt", "updatedAt") VALUES ('i1', 't', ?, ?)`).run(at, at);
raw.prepare(`INSERT INTO "Notice" (id, "incidentId", kind, status, "createdAt", "updatedAt") VALUES ('n1', 'i1', 'data_loss', 'sending', ?, ?)`).run(at, at);
const sub = raw.prepare(`INSERT INTO "Subscriber" (id, email, channel, "phoneNumber", key, "manageTokenHash", "confirmedAt", "createdAt", "updatedAt") VALUES (?, ?, 'sms', ?, ?, ?, ?, ?, ?)`);
const del = raw.prepare(`INSERT INTO "Delivery" ("noticeId", "subscriberId", "regionId", status, "nextAttemptAt", "createdAt") VALUES ('n1', ?, 'r1', 'pending', ?, ?)`);
raw.transaction(() => {
  for (let i = 0; i < N; i++) {
    const id = `c${String(i).padStart(24, '0')}`;
    const phone = `+6141${String(i).padStart(7, '0')}`;
    sub.run(id, `${id}@example.com`, phone, `sms ${phone}`, `h${id}`, at, at, at);
    del.run(id, at, at);
  }
})();
raw.exec('ANALYZE');

/** Every row pending again and no segment ids, the WAL emptied: each round starts from the same file. */
function reset(): void {
  raw.exec(`UPDATE "Delivery" SET status = 'pending', "messageId" = NULL, "sentAt" = NULL, attempts = 0, "claimedBy" = NULL, "claimedAt" = NULL; DELETE FROM "SmsPart"`);
  raw.pragma('wal_checkpoint(TRUNCATE)');
}
const wchar = () => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
let segment = 0x10000000;
const segmentIds = () => [(segment++).toString(16), (segment++).toString(16)];

interface Side {
  claimUs: number;
  outcomeUs: number;
  bytes: number;
}

/** Candor's own functions, through the database handle the worker uses. */
async function candor(): Promise<Side> {
  const worker = `bench:${process.pid}`;
  let claimNs = 0n;
  let outcomeNs = 0n;
  const w0 = wchar();
  for (;;) {
    let t = process.hrtime.bigint();
    const { claimed } = await claimDeliveries(worker, CLAIM, new Date());
    claimNs += process.hrtime.bigint() - t;
    if (claimed.length === 0) break;
    t = process.hrtime.bigint();
    for (let i = 0; i < claimed.length; i += GROUP) {
      await recordOutcomes(
        worker,
        claimed.slice(i, i + GROUP).map((d) => {
          const ids = segmentIds();
          return { id: d.id, status: 'sent' as const, messageId: ids.join(' '), smsParts: ids };
        }),
      );
    }
    outcomeNs += process.hrtime.bigint() - t;
  }
  return { claimUs: Number(claimNs) / 1000 / N, outcomeUs: Number(outcomeNs) / 1000 / N, bytes: (wchar() - w0) / N };
}

/** The same statements on a bare connection, prepared once, in a synchronous loop. */
function bare(): Side {
  const c = new Database(file);
  c.pragma('synchronous = NORMAL');
  const worker = `bare:${process.pid}`;
  // The worker's SQL in SQLite's placeholders, with the parameters in their order, as outboxRows passes them.
  const claimAt = (now: string) => toSqlite(sqliteClaim(), [worker, CLAIM, now]);
  const claim = c.prepare(claimAt(at)[0]);
  const claimedRows = c.prepare(toSqlite(SQLITE_CLAIMED_ROWS, ['', worker])[0]);
  const outcome = c.prepare(OUTCOME_SQLITE);
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => statements.get(sql) ?? statements.set(sql, c.prepare(sql)).get(sql)!;
  const write = c.transaction((group: { id: number; ids: string[] }[], now: string) => {
    for (const g of group) outcome.run('sent', g.ids.join(' '), null, null, 'sent', now, null, 1, g.id, worker);
    const parts = smsPartRows(group.map((g) => ({ id: g.id, status: 'sent' as const, messageId: g.ids.join(' '), smsParts: g.ids })));
    for (const [sql, params] of smsPartUpsertsSqlite(parts)) prepared(sql).run(...params);
  });
  let claimNs = 0n;
  let outcomeNs = 0n;
  const w0 = wchar();
  for (;;) {
    let t = process.hrtime.bigint();
    const now = sqliteIso(new Date());
    const ids = (claim.all(...claimAt(now)[1]) as { id: number }[]).map((r) => r.id);
    if (ids.length === 0) break;
    const list = claimedRows.all(JSON.stringify(ids), worker) as { id: number }[];
    claimNs += process.hrtime.bigint() - t;
    t = process.hrtime.bigint();
    for (let i = 0; i < list.length; i += GROUP) write.immediate(list.slice(i, i + GROUP).map((d) => ({ id: d.id, ids: segmentIds() })), sqliteIso(new Date()));
    outcomeNs += process.hrtime.bigint() - t;
  }
  c.close();
  return { claimUs: Number(claimNs) / 1000 / N, outcomeUs: Number(outcomeNs) / 1000 / N, bytes: (wchar() - w0) / N };
}

const handle = openDb(url);
(globalThis as unknown as { __candorDb?: typeof handle }).__candorDb = handle;
const line = (name: string, s: Side) => `${name.padEnd(8)} claims ${s.claimUs.toFixed(1).padStart(5)} µs, outcomes ${s.outcomeUs.toFixed(1).padStart(5)} µs, in all ${(s.claimUs + s.outcomeUs).toFixed(1).padStart(5)} µs per text; ${(s.bytes / 1024).toFixed(1)} KiB written per text`;
const sent = () => (raw.prepare(`SELECT COUNT(*) AS n FROM "Delivery" WHERE status = 'sent'`).get() as { n: number }).n;
const results: { candor: Side[]; bare: Side[] } = { candor: [], bare: [] };
console.log(`bench:outbox-sqlite  ${N.toLocaleString('en-US')} texts of two segments, claims of ${CLAIM}, outcome groups of ${GROUP}, ${ROUNDS} round(s)`);
for (let r = 0; r < ROUNDS; r++) {
  for (const side of r % 2 === 0 ? (['bare', 'candor'] as const) : (['candor', 'bare'] as const)) {
    reset();
    const s = side === 'bare' ? bare() : await candor();
    if (sent() !== N) throw new Error(`${side}: ${sent()} of ${N} rows sent`);
    results[side].push(s);
    console.log(`round ${r + 1}: ${line(side, s)}`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const med = (list: Side[]): Side => ({ claimUs: median(list.map((s) => s.claimUs)), outcomeUs: median(list.map((s) => s.outcomeUs)), bytes: median(list.map((s) => s.bytes)) });
const [b, c] = [med(results.bare), med(results.candor)];
console.log(`medians\n  ${line('bare', b)}\n  ${line('candor', c)}\n  candor / bare: ${((c.claimUs + c.outcomeUs) / (b.claimUs + b.outcomeUs)).toFixed(2)} in time`);
await handle.close();
raw.close();
