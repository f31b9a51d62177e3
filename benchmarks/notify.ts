// npm run bench:notify -- --channel webhook|slack|teams|discord|sms: see notify.channel.ts.
// npm run bench:notify [-- --n 100000 --concurrency 32 --domains uniform|realistic --rates default|unlimited|<cap> --e2e]
// Fans a notice out to N subscribers on a fresh PostgreSQL database into a loopback SMTP sink,
// and sends the same messages through a bare Nodemailer pool for comparison. The worker runs with
// the default settings (adaptive shaping) unless --rates says otherwise; --e2e also times a second
// fan-out from postUpdate (the console's POST) to the last message accepted.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DOMAIN_MIXES, type DomainMix } from './notify.domains';
import { adminQuery, benchDatabase, cpuMsOf, seedBench } from './notify.setup';

if (process.argv.includes('--channel')) {
  await import('./notify.channel');
}
const { values } = parseArgs({ options: { n: { type: 'string', default: '100000' }, concurrency: { type: 'string', default: '32' }, domains: { type: 'string', default: 'uniform' }, rates: { type: 'string', default: 'default' }, e2e: { type: 'boolean', default: false }, pg: { type: 'string', default: process.env.CANDOR_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' }, 'worker-node-args': { type: 'string', default: '' }, 'bare-node-args': { type: 'string', default: '' } } });
const ADMIN_URL = values.pg!;
// e.g. --worker-node-args="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the worker process.
const workerNodeArgs = values['worker-node-args']!.split(/\s+/).filter(Boolean);
const bareNodeArgs = values['bare-node-args']!.split(/\s+/).filter(Boolean);
const N = Number(values.n);
const CONCURRENCY = Number(values.concurrency);
if (!Number.isInteger(N) || N < 1) throw new Error('--n must be a positive integer');
const MIX = values.domains as DomainMix;
if (!DOMAIN_MIXES.includes(MIX)) throw new Error(`--domains must be one of ${DOMAIN_MIXES.join(', ')}`);
if (!['default', 'unlimited'].includes(values.rates!) && !(Number(values.rates) > 0)) throw new Error('--rates must be default, unlimited or a fixed per-domain cap (e.g. 50, the old default)');
// default: no rate flags and no MAIL_*RATE* variables, as a new operator runs it.
const rateArgs = values.rates === 'default' ? [] : values.rates === 'unlimited' ? ['--domain-rate', '0', '--rate', '0'] : ['--domain-rate', values.rates!];
const { dbName, url } = benchDatabase(values.pg!, 'candor_bench');

const { migrateDatabase } = await import('@/lib/server/migrate');
const { openDb } = await import('@/lib/server/db');
const { queueNotice } = await import('@/lib/server/notices/queue-notice');
const { systemActor } = await import('@/lib/server/actor');
const { publishChange } = await import('@/lib/server/changes');
const { prepareNotice } = await import('@/lib/jobs/prepare-notice');
const { POOL_CONNECTIONS } = await import('@/lib/mail/transport');
const { setNoticeState } = await import('@/lib/server/notices/set-notice-state');

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perMessage = (cpuMs: number) => `${((cpuMs * 1000) / N).toFixed(0)} µs`;

// ---------------------------------------------------------------- sink child
let sinkCount = 0;
let sinkFirst = 0;
let sinkLast = 0;
let sinkRss = 0;
let firstWaiter: ((at: number) => void) | null = null;
const child: ChildProcess = fork(fileURLToPath(new URL('./notify.sink.ts', import.meta.url)), [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const sinkPort = await new Promise<number>((resolve) => {
  child.on('message', (m: { type: string; port?: number; count?: number; first?: number; last?: number; at?: number; rss?: number }) => {
    if (m.type === 'ready') resolve(m.port!);
    if (m.type === 'count') {
      sinkCount = m.count!;
      sinkFirst = m.first!;
      sinkLast = m.last!;
      sinkRss = Math.max(sinkRss, m.rss!);
    }
    if (m.type === 'first') firstWaiter?.(m.at!);
  });
});
const sinkUrl = `smtp://127.0.0.1:${sinkPort}`;
async function resetSink() {
  await new Promise<void>((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type === 'reset-done') {
        child.off('message', on);
        resolve();
      }
    };
    child.on('message', on);
    child.send({ type: 'reset' });
  });
  sinkCount = 0;
  sinkFirst = 0;
  sinkLast = 0;
}
const waitCount = async (n: number) => {
  while (sinkCount < n) await new Promise((r) => setTimeout(r, 20));
};

let handle: Awaited<ReturnType<typeof openDb>> | undefined;
let stoppingWorker = false;
try {
  console.log(`bench:notify  N=${N.toLocaleString('en-US')}  concurrency=${CONCURRENCY}  pool=${POOL_CONNECTIONS} connections  domains=${MIX}  rates=${values.rates}  database=${dbName}  worker NODE_OPTIONS="${process.env.CANDOR_BENCH_WORKER_NODE_OPTIONS ?? ''}"  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await adminQuery(ADMIN_URL, `CREATE DATABASE ${dbName}`);
  await migrateDatabase(url.toString());
  handle = openDb(url.toString());
  (globalThis as unknown as { __candorDb?: typeof handle }).__candorDb = handle;
  const db = handle.db;

  // ---------------------------------------------------------------- scenario and subscribers
  const seedStart = Date.now();
  const { incident } = await seedBench(db, (sql, params) => handle!.pool!.query(sql, params), N, MIX);
  console.log(`seeded ${N.toLocaleString('en-US')} subscribers in ${secs(Date.now() - seedStart)}`);

  // ---------------------------------------------------------------- bare Nodemailer pool
  const warm = await db.$transaction((tx) => queueNotice(tx, { incidentId: incident.id, kind: 'update', actor: systemActor }));
  const { renderNoticeRegions } = await import('@/lib/jobs/prepare-notice');
  await renderNoticeRegions(warm.id);
  const renderings = await db.noticeRendering.findMany({ where: { noticeId: warm.id } });
  await db.notice.update({ where: { id: warm.id }, data: { status: 'canceled' } });
  const renderingsFile = join(tmpdir(), `${dbName}-renderings.json`);
  writeFileSync(renderingsFile, JSON.stringify(renderings.map((r) => ({ subject: r.subject, html: r.html, text: r.text }))));
  await resetSink();
  const bareChild = fork(fileURLToPath(new URL('./notify.bare.ts', import.meta.url)), [sinkUrl, String(N), String(CONCURRENCY), renderingsFile, MIX], { execArgv: [...process.execArgv, ...bareNodeArgs], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const bareResult = await new Promise<{ ms: number; peakRss: number; cpuMs: number }>((resolve) => bareChild.on('message', (m: { type: string; ms: number; peakRss: number; cpuMs: number }) => m.type === 'done' && resolve(m)));
  await waitCount(N);
  rmSync(renderingsFile, { force: true });
  const bareMs = sinkLast - sinkFirst;
  const bareRate = N / (bareMs / 1000);
  const barePeak = bareResult.peakRss;
  console.log(`bare Nodemailer pool (own process): ${N.toLocaleString('en-US')} messages in ${secs(bareMs)} = ${bareRate.toFixed(0)} msg/s (peak RSS ${mb(barePeak)}, CPU ${perMessage(bareResult.cpuMs)} per message)`);

  // ---------------------------------------------------------------- Candor: queue, then send
  await resetSink();
  const notice = await db.$transaction((tx) => queueNotice(tx, { incidentId: incident.id, kind: 'update', actor: systemActor }));
  const queueStart = Date.now();
  const prepared = await prepareNotice(notice.id);
  const queueMs = Date.now() - queueStart;
  console.log(`queued ${prepared.audience.toLocaleString('en-US')} deliveries in ${secs(queueMs)} (${prepared.regions} regional renderings)`);

  // The real `candor worker` command, as it runs in production on PostgreSQL (bundled first, so
  // the measured process does only its own work).
  spawnSync(process.execPath, ['bin/candor.mjs', '--help'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'ignore' });
  const spawnAt = Date.now();
  const worker = spawn(process.execPath, [...workerNodeArgs, 'bin/candor.mjs', 'worker', '--concurrency', String(CONCURRENCY), ...rateArgs], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    // No NODE_OPTIONS: `candor worker` caps its own heap (bin/candor.mjs), as it does for users.
    // No scheduled backup: its first one starts a minute in and, at 1,000,000 subscribers, took ~130 MB
    // of native memory and a share of the CPU in the middle of the send phase (as bench:read, it is measured apart).
    env: { ...process.env, MAIL_RATE_PER_SECOND: '', MAIL_DOMAIN_RATE_PER_SECOND: '', BACKUP_INTERVAL: 'off', DATABASE_URL: url.toString(), SMTP_URL: sinkUrl, PUBLIC_URL: 'https://status.example.net', NODE_OPTIONS: process.env.CANDOR_BENCH_WORKER_NODE_OPTIONS ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const peakOf = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  worker.once('exit', (code) => {
    if (!stoppingWorker) {
      console.error(`candor worker exited early (code ${code})`);
      process.exitCode = 1;
      child.send({ type: 'stop' });
      void handle?.close().then(() => adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).finally(() => process.exit(1));
    }
  });
  await new Promise<void>((resolve) => worker.stdout!.on('data', (d: Buffer) => (/running on/.test(d.toString()) ? resolve() : undefined)));
  worker.stdout!.resume();
  const readyMs = Date.now() - spawnAt;
  const workerCpu0 = cpuMsOf(worker.pid!);
  const commits = async () => Number((await handle!.pool!.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = $1`, [dbName])).rows[0]?.xact_commit ?? 0);
  const commits0 = await commits();
  await waitCount(N);
  const workerCpuMs = cpuMsOf(worker.pid!) - workerCpu0;
  const sendCommits = (await commits()) - commits0;
  while ((await db.notice.findUniqueOrThrow({ where: { id: notice.id } })).status !== 'sent') await new Promise((r) => setTimeout(r, 50));
  const sendMs = sinkLast - sinkFirst;
  const sendRate = N / (sendMs / 1000);
  const e2eRate = N / ((sendMs + queueMs) / 1000);
  const dupes = sinkCount - N;
  console.log(`candor worker (own process, ready in ${secs(readyMs)}): ${N.toLocaleString('en-US')} messages in ${secs(sendMs)} = ${sendRate.toFixed(0)} msg/s; queue + send ${secs(queueMs + sendMs)} = ${e2eRate.toFixed(0)} msg/s; ${dupes} extra messages; CPU ${perMessage(workerCpuMs)} per message; ${sendCommits.toLocaleString('en-US')} database transactions`);

  // ---------------------------------------------------------------- post an update: time to the first message
  await resetSink();
  const firstAt = new Promise<number>((resolve) => (firstWaiter = resolve));
  const postStart = Date.now();
  let via = 'postUpdate with deliver_notifications, worker woken by PostgreSQL NOTIFY';
  try {
    const { postUpdate } = await import('@/lib/server/incidents/post-update');
    await postUpdate({ actor: systemActor, input: { incident_id: incident.id, status: 'identified', body: 'We found the fault and are restoring service.', deliver_notifications: true, impacts: ['tmobile-us', 'telstra-au'].map((region) => ({ component: 'contacts', region, status: 'major_outage', data_state: 'at_risk' })) } });
  } catch (error) {
    via = `queueNotice + publishChange (postUpdate failed: ${(error as Error).message})`;
    await db.$transaction((tx) => queueNotice(tx, { incidentId: incident.id, kind: 'update', actor: systemActor }));
    await publishChange('bench');
  }
  const firstMs = (await Promise.race([firstAt, new Promise<number>((r) => setTimeout(() => r(postStart + 99_999), 30_000))])) - postStart;
  console.log(`posting an update to the first message accepted by SMTP: ${firstMs} ms (via ${via})`);
  const live = await db.notice.findFirst({ where: { status: { in: ['queued', 'sending'] } } });
  // --e2e: the whole second fan-out, from the postUpdate call to the last message accepted.
  let e2e: { ms: number; audience: number; dupes: number } | null = null;
  if (values.e2e && live) {
    while ((await db.notice.findUniqueOrThrow({ where: { id: live.id } })).status !== 'sent') await new Promise((r) => setTimeout(r, 100));
    const audience = await db.delivery.count({ where: { noticeId: live.id, status: 'sent' } });
    await waitCount(audience);
    e2e = { ms: sinkLast - postStart, audience, dupes: sinkCount - audience };
    console.log(`postUpdate to the last of ${audience.toLocaleString('en-US')} messages accepted: ${secs(e2e.ms)} = ${(audience / (e2e.ms / 1000)).toFixed(0)} msg/s; ${e2e.dupes} extra messages`);
  } else if (live) await setNoticeState({ actor: systemActor, id: live.id, action: 'cancel' }).catch(() => undefined);
  const candorPeak = peakOf(worker.pid!);
  stoppingWorker = true;
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));

  const ratio = sendRate / bareRate;
  const e2eRatio = e2eRate / bareRate;
  console.log('\nresults');
  console.log(`  time to queue ${N.toLocaleString('en-US')}:       ${secs(queueMs)}   (target < 5 s per 100,000: ${queueMs < 5000 * Math.max(1, N / 100_000) ? 'met' : 'MISSED'})`);
  console.log(`  deliveries/s (send phase):   ${sendRate.toFixed(0)}   bare pool ${bareRate.toFixed(0)}   ratio ${ratio.toFixed(2)} (target >= 0.8: ${ratio >= 0.8 ? 'met' : 'MISSED'})`);
  console.log(`  deliveries/s (queue + send): ${e2eRate.toFixed(0)}   ratio ${e2eRatio.toFixed(2)}`);
  if (e2e) {
    const postRatio = e2e.audience / (e2e.ms / 1000) / bareRate;
    console.log(`  deliveries/s (POST to last): ${(e2e.audience / (e2e.ms / 1000)).toFixed(0)}   ratio ${postRatio.toFixed(2)} (target >= 0.8: ${postRatio >= 0.8 ? 'met' : 'MISSED'})`);
  }
  console.log(`  time to last delivery:       ${secs(sendMs)} after queueing, ${secs(queueMs + sendMs)} in all`);
  console.log(`  peak RSS (candor worker):    ${mb(candorPeak)}   (bare pool process ${mb(barePeak)}, sink process ${mb(sinkRss)}; target < 300 MB: ${candorPeak < 300 * 1024 * 1024 ? 'met' : 'MISSED'})`);
  console.log(`  update -> first SMTP accept: ${firstMs} ms   (target < 1000 ms: ${firstMs < 1000 ? 'met' : 'MISSED'})`);
  console.log(`  duplicates:                  ${dupes}${e2e ? ` (second fan-out: ${e2e.dupes})` : ''}`);
  console.log(`  load average at the end:     ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  child.send({ type: 'stop' });
  await handle?.close();
  await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: unknown) => console.error('could not drop', dbName, e));
}
process.exit(0);
