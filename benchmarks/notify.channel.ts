// npm run bench:notify -- --channel webhook|slack|teams|discord|sms [--n 10000 --concurrency 32]
// Fans a notice out to N webhook (or chat) subscribers on a fresh PostgreSQL database, posting to
// an HTTP receiver on loopback (its own process), and compares the real `candor worker` with a
// bare fetch loop of the same concurrency posting the same bodies (signed, for webhooks).
// With sms: N SMS subscribers, a loopback SMSC (its own process), and a bare `smpp` client with
// the same window (SMS_URL's default, 10) submitting the same texts, in the same run.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adminQuery, benchDatabase, cpuMsOf, seedBench, threadCpuMsOf } from './notify.setup';

const { values } = parseArgs({ strict: false, options: { channel: { type: 'string', default: 'webhook' }, n: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '32' }, pg: { type: 'string', default: process.env.CANDOR_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' }, 'worker-node-args': { type: 'string', default: '' }, receipts: { type: 'boolean', default: false } } });
// e.g. --worker-node-args="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the worker process;
// --receipts (sms): the SMSC sends a DELIVRD receipt for every segment, and the worker records them.
const workerNodeArgs = String(values['worker-node-args'] ?? '').split(/\s+/).filter(Boolean);
const RECEIPTS = values.receipts === true;
const ADMIN_URL = String(values.pg);
const { HTTP_CHANNELS, isHttpChannel } = await import('@/lib/channels/types');
const CHANNEL = String(values.channel);
const SMS = CHANNEL === 'sms';
if (!isHttpChannel(CHANNEL) && !SMS) throw new Error(`--channel must be one of ${[...HTTP_CHANNELS, 'sms'].join(', ')}`);
const N = Number(values.n);
const CONCURRENCY = Number(values.concurrency);
if (!Number.isInteger(N) || N < 1) throw new Error('--n must be a positive integer');
const { dbName, url } = benchDatabase(String(values.pg), 'candor_bench_channel');

const { migrateDatabase } = await import('@/lib/server/migrate');
const { openDb } = await import('@/lib/server/db');
const { queueNotice } = await import('@/lib/server/notices/queue-notice');
const { systemActor } = await import('@/lib/server/actor');
const { prepareNotice, renderNoticeRegions } = await import('@/lib/jobs/prepare-notice');
const { instanceSecret } = await import('@/lib/server/secret');
const { manageTokenFor } = await import('@/lib/server/subscriptions/tokens');
const { sealWebhookSecretWith, webhookBoxKey } = await import('@/lib/server/subscriptions/webhook-secret');
const { newWebhookSecret, signatureHeaders } = await import('@/lib/channels/http/sign');
const { personaliseNotice } = await import('@/lib/channels/channel-notice');
const { httpPayload } = await import('@/lib/channels/payloads/build');
const { smsNoticeText } = await import('@/lib/channels/payloads/sms');
const { smsSegments } = await import('@/lib/channels/sms/encoding');
type ChannelNotice = import('@/lib/channels/channel-notice').ChannelNotice;

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// ---------------------------------------------------------------- receiver child (HTTP receiver, or SMSC counting segments)
let count = 0;
let first = 0;
let last = 0;
/** Called at the first report of an arrival after a reset (within 50 ms of it): the send phase starts. */
let onFirstArrival: (() => void) | null = null;
const receiver: ChildProcess = fork(fileURLToPath(new URL(SMS ? './notify.smsc.ts' : './notify.receiver.ts', import.meta.url)), RECEIPTS ? ['--receipts'] : [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const { port, smscUrl } = await new Promise<{ port: number; smscUrl: string }>((resolve) =>
  receiver.on('message', (m: { type: string; port?: number; url?: string; count?: number; first?: number; last?: number }) => {
    if (m.type === 'ready') resolve({ port: m.port!, smscUrl: m.url ?? '' });
    if (m.type === 'count') {
      ({ count, first, last } = { count: m.count!, first: m.first!, last: m.last! });
      if (count > 0 && onFirstArrival) {
        onFirstArrival();
        onFirstArrival = null;
      }
    }
  }),
);
const base = `http://127.0.0.1:${port}`;
const waitCount = async (n: number) => {
  while (count < n) await new Promise((r) => setTimeout(r, 20));
};
const reset = async () => {
  receiver.send({ type: 'reset' });
  while (count !== 0) await new Promise((r) => setTimeout(r, 10));
};

let handle: Awaited<ReturnType<typeof openDb>> | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'candor-bench-channel-'));
try {
  console.log(`bench:notify --channel ${CHANNEL}  N=${N.toLocaleString('en-US')}  concurrency=${CONCURRENCY}  database=${dbName}  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await adminQuery(ADMIN_URL, `CREATE DATABASE ${dbName}`);
  await migrateDatabase(url.toString());
  handle = openDb(url.toString());
  (globalThis as unknown as { __candorDb?: typeof handle }).__candorDb = handle;
  const db = handle.db;
  const query = (sql: string, params?: unknown[]) => handle!.pool!.query(sql, params);
  const { incident } = await seedBench(db, query, 0, 'uniform');

  // ---------------------------------------------------------------- subscribers
  const secret = await instanceSecret();
  const box = webhookBoxKey(secret);
  const subs = Array.from({ length: N }, (_, i) => {
    const id = `sub_${String(i + 1).padStart(9, '0')}`;
    const plain = CHANNEL === 'webhook' ? newWebhookSecret() : null;
    return { id, email: `contact${i + 1}@partner.example`, endpoint: SMS ? null : `${base}/h/${i + 1}`, phone: SMS ? `+614${String(10_000_000 + i).padStart(8, '0')}` : null, plain, sealed: plain ? sealWebhookSecretWith(box, id, plain) : null };
  });
  for (let i = 0; i < N; i += 5000) {
    const chunk = subs.slice(i, i + 5000);
    await query(
      `INSERT INTO "Subscriber" (id, email, key, channel, endpoint, "phoneNumber", "webhookSecret", "confirmedAt", "manageTokenHash", "createdAt", "updatedAt")
       SELECT v.id, v.email, $6 || ' ' || v.email || ' ' || coalesce(v.endpoint, v.phone), $6, v.endpoint, v.phone, v.sealed, now(), md5(v.id), now(), now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS v(id, email, endpoint, phone, sealed)`,
      [chunk.map((s) => s.id), chunk.map((s) => s.email), chunk.map((s) => s.endpoint), chunk.map((s) => s.phone), chunk.map((s) => s.sealed), CHANNEL],
    );
  }

  // ---------------------------------------------------------------- bare fetch loop, same bodies
  const warm = await db.$transaction((tx) => queueNotice(tx, { incidentId: incident.id, kind: 'update', actor: systemActor }));
  await renderNoticeRegions(warm.id);
  const [rendering] = await db.noticeRendering.findMany({ where: { noticeId: warm.id }, orderBy: { region: { position: 'asc' } } });
  await db.notice.update({ where: { id: warm.id }, data: { status: 'canceled' } });
  const notice = JSON.parse(rendering!.channels!) as ChannelNotice;
  const publicBase = 'https://status.example.net';
  let expected = N;
  let bareRate: number;
  let unit = 'posts';
  if (SMS) {
    // Every subscriber's text, as the worker builds it (the region's text is the same for all its numbers).
    const texts = subs.map((s) => ({ to: s.phone!, text: smsNoticeText(personaliseNotice(notice, { timeZone: 'UTC', locale: 'en-US', manageUrl: `${publicBase}/manage/x`, unsubscribeUrl: `${publicBase}/u/x` })), reference: s.id }));
    const segments = smsSegments(texts[0]!.text).segments;
    expected = N * segments;
    unit = 'segments';
    const file = join(dataDir, 'texts.json');
    writeFileSync(file, JSON.stringify(texts));
    await reset();
    const bare = fork(fileURLToPath(new URL('./sms.client.ts', import.meta.url)), ['bare', smscUrl, String(N), String(CONCURRENCY), '0', file], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const done = await new Promise<{ ms: number; accepted: number; cpuMs: number }>((resolve) => bare.on('message', (m: { type: string; ms: number; accepted: number; cpuMs: number }) => m.type === 'done' && resolve(m)));
    await waitCount(expected);
    const bareMs = last - first;
    bareRate = expected / (bareMs / 1000);
    console.log(`bare smpp client, window 10 (own process): ${N.toLocaleString('en-US')} texts of ${segments} segment(s), ${done.accepted.toLocaleString('en-US')} accepted, in ${secs(bareMs)} = ${bareRate.toFixed(0)} segments/s (CPU ${((done.cpuMs * 1000) / N).toFixed(0)} µs per text)`);
  } else {
    const requests = subs.map((s) => {
      const token = manageTokenFor(secret, s.id, 1);
      const manageUrl = `${publicBase}/manage/${token}`;
      const unsubscribeUrl = `${publicBase}/u/${token}`;
      const deliveryId = `msg_${warm.id}_${s.id}`;
      const body = httpPayload(CHANNEL as Parameters<typeof httpPayload>[0], { notice: personaliseNotice(notice, { timeZone: 'UTC', locale: 'en-US', manageUrl, unsubscribeUrl }), manageUrl, unsubscribeUrl, now: new Date() });
      return { url: s.endpoint!, body, headers: s.plain ? signatureHeaders(s.plain, deliveryId, new Date(), body) : {} };
    });
    const requestsFile = join(dataDir, 'requests.json');
    writeFileSync(requestsFile, JSON.stringify(requests));
    await reset();
    const bare = fork(fileURLToPath(new URL('./notify.bare-fetch.ts', import.meta.url)), [requestsFile, String(CONCURRENCY)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const bareDone = await new Promise<{ ms: number; cpuMs: number }>((resolve) => bare.on('message', (m: { type: string; ms: number; cpuMs: number }) => m.type === 'done' && resolve(m)));
    await waitCount(N);
    const bareMs = last - first;
    bareRate = N / (bareMs / 1000);
    console.log(`bare fetch loop (own process): ${N.toLocaleString('en-US')} posts in ${secs(bareMs)} = ${bareRate.toFixed(0)} req/s (CPU ${((bareDone.cpuMs * 1000) / N).toFixed(0)} µs per post)`);
  }

  // ---------------------------------------------------------------- candor worker
  await reset();
  spawnSync(process.execPath, ['bin/candor.mjs', '--help'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'ignore' });
  const worker = spawn(process.execPath, [...workerNodeArgs, 'bin/candor.mjs', 'worker', '--concurrency', String(CONCURRENCY), '--domain-rate', '0'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, BACKUP_INTERVAL: 'off', DATABASE_URL: url.toString(), PUBLIC_URL: publicBase, WEBHOOKS_ALLOW_PRIVATE: '1', CANDOR_DATA_DIR: dataDir, SMTP_URL: '', SMS_URL: SMS ? smscUrl : '', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => worker.stdout!.on('data', (d: Buffer) => (/running on/.test(d.toString()) ? resolve() : undefined)));
  worker.stdout!.resume();
  const cpu0 = cpuMsOf(worker.pid!);
  const threads0 = threadCpuMsOf(worker.pid!);
  // The CPU from the first arrival on leaves out what the worker does before any delivery (its
  // first Prisma query builds Prisma's WebAssembly query compiler: ~1.7 s of CPU, once per process).
  let sendCpu0 = 0;
  onFirstArrival = () => (sendCpu0 = cpuMsOf(worker.pid!));
  const real = await db.$transaction((tx) => queueNotice(tx, { incidentId: incident.id, kind: 'update', actor: systemActor }));
  const queueStart = Date.now();
  const prepared = await prepareNotice(real.id);
  const queueMs = Date.now() - queueStart;
  await waitCount(expected);
  // With receipts, the worker's CPU is counted until every row has its receipt recorded.
  let receiptsMs = 0;
  if (RECEIPTS) {
    const until = Date.now() + 120_000;
    while ((await db.delivery.count({ where: { noticeId: real.id, receiptState: 'delivered' } })) < N && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    receiptsMs = Date.now() - queueStart;
  }
  const cpuEnd = cpuMsOf(worker.pid!);
  const cpuMs = cpuEnd - cpu0;
  const sendCpuMs = cpuEnd - sendCpu0;
  const threads = [...threadCpuMsOf(worker.pid!)].map(([name, ms]) => [name, ms - (threads0.get(name) ?? 0)] as const).filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]).slice(0, 6);
  while ((await db.notice.findUniqueOrThrow({ where: { id: real.id } })).status !== 'sent') await new Promise((r) => setTimeout(r, 50));
  const sendMs = last - first;
  const sendRate = expected / (sendMs / 1000);
  const sent = await db.delivery.count({ where: { noticeId: real.id, status: 'sent' } });
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  console.log(`queued ${prepared.audience.toLocaleString('en-US')} deliveries in ${secs(queueMs)}`);
  console.log(`candor worker (own process): ${expected.toLocaleString('en-US')} ${unit} in ${secs(sendMs)} = ${sendRate.toFixed(0)} ${unit}/s; ${count - expected} extra ${unit}; ${sent.toLocaleString('en-US')} rows sent; CPU ${((cpuMs * 1000) / N).toFixed(0)} µs per delivery (${((sendCpuMs * 1000) / N).toFixed(0)} from the first segment on)`);
  console.log(`  worker CPU by thread (µs per delivery): ${threads.map(([name, ms]) => `${name} ${((ms * 1000) / N).toFixed(0)}`).join(', ')}`);
  if (RECEIPTS) console.log(`receipts: ${(await db.delivery.count({ where: { noticeId: real.id, receiptState: 'delivered' } })).toLocaleString('en-US')} rows delivered by receipt, the last ${secs(receiptsMs)} after queueing (the CPU above includes recording them)`);
  const ratio = sendRate / bareRate;
  console.log('\nresults');
  console.log(`  ${CHANNEL} ${unit}/s (send phase): ${sendRate.toFixed(0)}   bare ${SMS ? 'smpp client' : 'fetch'} ${bareRate.toFixed(0)}   ratio ${ratio.toFixed(2)} (target >= 0.8: ${ratio >= 0.8 ? 'met' : 'MISSED'})`);
  console.log(`  load average at the end:     ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  receiver.send({ type: 'stop' });
  await handle?.close();
  rmSync(dataDir, { recursive: true, force: true });
  await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: unknown) => console.error('could not drop', dbName, e));
}
process.exit(0);
