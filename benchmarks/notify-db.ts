// npm run bench:notify-db [-- --n 300000 --every 50000 --no-cursor --plans --group 8 --writes 4]
// The database side of the send phase alone, without SMTP: the worker's own claim and outcome
// statements (claimDeliveries, recordOutcomes) over a notice of N deliveries on a fresh PostgreSQL
// database, claims of 256 and outcomes in groups of 8 as the worker writes them (--group sets the
// group, --writes how many are written at once). Prints, as the
// notice drains, what each claim reads (EXPLAIN ANALYZE BUFFERS), the table's HOT and dead-tuple
// counts, autovacuum runs, index sizes, and the CPU the database's backends used per message (every
// backend of the database: the pool's connections open as the writes need them). Deterministic
// figures (buffers, tuples) do not depend on the machine's load; times do. --no-cursor claims
// from the start of the claim order every time (as before the claim cursor); --plans prints the plans.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchDatabase, seedBench } from './notify.setup';

const { values } = parseArgs({ options: { n: { type: 'string', default: '300000' }, every: { type: 'string', default: '50000' }, 'no-cursor': { type: 'boolean', default: false }, plans: { type: 'boolean', default: false }, group: { type: 'string', default: '8' }, writes: { type: 'string', default: '4' }, pg: { type: 'string', default: process.env.CANDOR_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' } } });
const N = Number(values.n);
const EVERY = Number(values.every);
const GROUP = Number(values.group);
const WRITES = Number(values.writes);
if (!Number.isInteger(N) || N < 1000) throw new Error('--n must be an integer >= 1000');
if (!Number.isInteger(GROUP) || GROUP < 1 || !Number.isInteger(WRITES) || WRITES < 1) throw new Error('--group and --writes must be integers >= 1');
const { dbName, url } = benchDatabase(values.pg!, 'candor_benchdb');

const { migrateDatabase } = await import('@/lib/server/migrate');
const { openDb } = await import('@/lib/server/db');
const { queueNotice } = await import('@/lib/server/notices/queue-notice');
const { systemActor } = await import('@/lib/server/actor');
const { prepareNotice } = await import('@/lib/jobs/prepare-notice');
const { claimDeliveries, recordOutcomes } = await import('@/lib/jobs/deliveries');
type ClaimCursor = import('@/lib/jobs/deliveries').ClaimCursor;
const { closeOutboxPool } = await import('@/lib/jobs/sql');

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: values.pg });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let handle: ReturnType<typeof openDb> | undefined;
try {
  await adminQuery(`CREATE DATABASE ${dbName}`);
  await migrateDatabase(url.toString());
  handle = openDb(url.toString());
  (globalThis as unknown as { __candorDb?: typeof handle }).__candorDb = handle;
  const db = handle.db;
  const probe = new pg.Client({ connectionString: url.toString() });
  await probe.connect();
  const q = async <T>(sql: string, params: unknown[] = []) => (await probe.query(sql, params)).rows as T[];

  const { incident } = await seedBench(db, q, N, 'uniform');
  const notice = await db.$transaction((tx) => queueNotice(tx, { incidentId: incident.id, kind: 'update', actor: systemActor }));
  await prepareNotice(notice.id);
  await q('CHECKPOINT');

  // CPU of the database backends serving this database, each counted from when it was first seen.
  const seen = new Map<number, { first: number; last: number }>();
  let started = false;
  const backendCpuMs = async () => {
    const pids = await q<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
    for (const { pid } of pids) {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
        const ms = ((Number(f[11]) + Number(f[12])) * 1000) / 100;
        const s = seen.get(pid);
        if (s) s.last = ms;
        // A backend first seen after the first reading started since: all its CPU is this run's.
        else seen.set(pid, { first: started ? 0 : ms, last: ms });
      } catch {
        // a backend that ended since keeps its last reading
      }
    }
    started = true;
    let total = 0;
    for (const s of seen.values()) total += s.last - s.first;
    return total;
  };
  // Buffer accesses and WAL per message over each interval: what the database did, whatever the load.
  const counters = async () => {
    await q('SELECT pg_stat_force_next_flush()');
    const [c] = await q<{ blks: string; wal: string }>(`SELECT blks_hit + blks_read AS blks, pg_current_wal_lsn() - '0/0'::pg_lsn AS wal FROM pg_stat_database WHERE datname = $1`, [dbName]);
    return { blks: Number(c!.blks), wal: Number(c!.wal) };
  };
  let last = { sent: 0, ...(await counters()) };
  const report = async (sent: number, cpuMs: number, ms: number, cursor: ClaimCursor | null) => {
    const now = await counters();
    const interval = sent === last.sent ? 'end' : `${((now.blks - last.blks) / Math.max(1, sent - last.sent)).toFixed(1)} buffers/msg, WAL ${((now.wal - last.wal) / Math.max(1, sent - last.sent)).toFixed(0)} bytes/msg`;
    last = { sent, ...now };
    const [t] = await q<Record<string, string>>(`SELECT n_tup_upd, n_tup_hot_upd, n_dead_tup, autovacuum_count, autoanalyze_count, pg_size_pretty(pg_relation_size('"Delivery"')) AS heap FROM pg_stat_user_tables WHERE relname = 'Delivery'`);
    const idx = await q<{ name: string; size: string }>(`SELECT indexrelid::regclass::text AS name, pg_size_pretty(pg_relation_size(indexrelid)) AS size FROM pg_stat_user_indexes WHERE relname = 'Delivery' ORDER BY 1`);
    await q('BEGIN');
    const claimPlan = (from: string, params: unknown[]) =>
      q<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) SELECT d2.id FROM "Delivery" d2
         WHERE d2.status = 'pending' AND d2."nextAttemptAt" <= now() AT TIME ZONE 'UTC' AND d2."noticeId" IN (SELECT n.id FROM "Notice" n WHERE n.status IN ('queued', 'sending')) ${from}
         ORDER BY d2."nextAttemptAt", d2.id LIMIT 256 FOR UPDATE SKIP LOCKED`,
        params,
      );
    const plan = await claimPlan('', []);
    const withCursor = cursor ? await claimPlan(`AND (d2."nextAttemptAt", d2.id) > ($1::timestamp(3), $2::int)`, [cursor.at, cursor.id]) : null;
    const cursorLines = withCursor?.map((r) => r['QUERY PLAN']) ?? [];
    const done = await q<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) SELECT n.id FROM "Notice" n WHERE n.status = 'sending' AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."noticeId" = n.id AND d.status IN ('pending', 'sending'))`,
    );
    await q('ROLLBACK');
    const doneBuffers = done.map((r) => r['QUERY PLAN']).find((l) => /Buffers:/.test(l))?.trim() ?? '';
    const lines = plan.map((r) => r['QUERY PLAN']);
    const buffers = lines.find((l) => /Buffers:/.test(l))?.trim() ?? '';
    const exec = lines.find((l) => /Execution Time/.test(l))?.trim() ?? '';
    console.log(
      `${sent.toLocaleString('en-US').padStart(9)} sent: since last ${interval}; claim from the start ${buffers}, ${exec}; from the cursor ${cursorLines.find((l) => /Buffers:/.test(l))?.trim() ?? '-'}, ${cursorLines.find((l) => /Execution Time/.test(l))?.trim() ?? ''}; completeNotices ${doneBuffers}; updates ${t!.n_tup_upd} (HOT ${t!.n_tup_hot_upd}), dead ${t!.n_dead_tup}, autovacuums ${t!.autovacuum_count}, autoanalyzes ${t!.autoanalyze_count}, heap ${t!.heap}; ${idx.map((i) => `${i.name.replace(/"?Delivery_|_idx"?|"/g, '')} ${i.size}`).join(', ')}; DB CPU ${((cpuMs * 1000) / Math.max(1, sent)).toFixed(0)} µs/msg, ${((ms * 1000) / Math.max(1, sent)).toFixed(0)} µs/msg wall`,
    );
    if (values.plans) console.log([...lines, ...cursorLines].join('\n'));
  };

  const worker = `bench:${process.pid}`;
  let sent = 0;
  let next = EVERY;
  // Warm the outbox pool, so its backends exist when CPU is first read.
  await recordOutcomes(worker, []);
  const cpu0 = await backendCpuMs();
  const t0 = Date.now();
  let cursor: ClaimCursor | null = null;
  let rewindAt = Date.now() + 2000;
  for (;;) {
    // As the worker: the cursor is dropped at each housekeeping round (2 s) and after a short claim.
    if (Date.now() > rewindAt || values['no-cursor']) {
      cursor = null;
      rewindAt = Date.now() + 2000;
    }
    const claim = await claimDeliveries(worker, 256, new Date(), cursor);
    cursor = claim.cursor;
    const batch = claim.claimed;
    if (batch.length === 0) break;
    const writes: Promise<void>[] = [];
    for (let i = 0; i < batch.length; i += GROUP) {
      writes.push(recordOutcomes(worker, batch.slice(i, i + GROUP).map((d) => ({ id: d.id, status: 'sent' as const, messageId: `<${d.id}@bench>` }))));
      if (writes.length >= WRITES) await writes.shift();
    }
    await Promise.all(writes);
    sent += batch.length;
    if (sent >= next) {
      await report(sent, (await backendCpuMs()) - cpu0, Date.now() - t0, cursor);
      next += EVERY;
    }
  }
  await report(sent, (await backendCpuMs()) - cpu0, Date.now() - t0, null);
  await probe.end();
} finally {
  await closeOutboxPool();
  await handle?.close();
  await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: unknown) => console.error('could not drop', dbName, e));
}
process.exit(0);
