// npm run bench:notify -- --channel webhook|slack|teams|discord|sms [--n 10000 --concurrency 32 --rounds 3 --db postgresql|sqlite]
// Fans a notice out to N webhook (or chat) subscribers on a fresh database (PostgreSQL by default,
// or the embedded SQLite `npm start` uses), posting to an HTTP receiver on loopback (its own
// process), and compares the real `candor worker` with a bare fetch loop of the same concurrency
// posting the same bodies (signed, for webhooks).
// With sms: N SMS subscribers, a loopback SMSC (its own process), and a bare `smpp` client with
// the same window (SMS_URL's default, 10) submitting the same texts, warmed up first.
// The worker sends one unmeasured notice, then `--rounds` rounds of bare and candor back to back,
// the order alternating; the verdict is the median of the rounds' ratios.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adminQuery, benchDatabase, cpuMsBetween, cpuMsOf, databaseCpuMsOf, seedBench, threadCpuMsOf } from './notify.setup';

const { values } = parseArgs({ strict: false, options: { channel: { type: 'string', default: 'webhook' }, n: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '32' }, pg: { type: 'string', default: process.env.CANDOR_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' }, 'worker-node-args': { type: 'string', default: '' }, receipts: { type: 'boolean', default: false }, rounds: { type: 'string', default: '3' }, db: { type: 'string', default: 'postgresql' } } });
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
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds must be a positive integer');
const CONCURRENCY = Number(values.concurrency);
if (!Number.isInteger(N) || N < 1) throw new Error('--n must be a positive integer');
// --db sqlite: the embedded database `npm start` runs on by default, in a file of the run's own.
const SQLITE = values.db === 'sqlite';
if (!SQLITE && values.db !== 'postgresql') throw new Error('--db must be postgresql or sqlite');
const dataDir = mkdtempSync(join(tmpdir(), 'candor-bench-channel-'));
const { dbName, url } = SQLITE ? { dbName: 'sqlite', url: new URL(`file:${join(dataDir, 'candor.db')}`) } : benchDatabase(String(values.pg), 'candor_bench_channel');
if (SQLITE) {
  process.env.DATABASE_URL = url.toString();
  process.env.PUBLIC_URL = 'https://status.example.net';
}

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
type Channel = import('@/lib/channels/types').Channel;

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
try {
  console.log(`bench:notify --channel ${CHANNEL}  N=${N.toLocaleString('en-US')}  concurrency=${CONCURRENCY}  database=${dbName}  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (!SQLITE) await adminQuery(ADMIN_URL, `CREATE DATABASE ${dbName}`);
  await migrateDatabase(url.toString());
  handle = openDb(url.toString());
  (globalThis as unknown as { __candorDb?: typeof handle }).__candorDb = handle;
  const db = handle.db;
  const query = async (sql: string, params: unknown[] = []): Promise<{ rows: unknown[] }> => (handle!.pool ? handle!.pool.query(sql, params) : { rows: await db.$queryRawUnsafe(sql, ...params) });
  const { incident } = await seedBench(db, query, 0, 'uniform');

  // ---------------------------------------------------------------- subscribers
  const secret = await instanceSecret();
  const box = webhookBoxKey(secret);
  const subs = Array.from({ length: N }, (_, i) => {
    const id = `sub_${String(i + 1).padStart(9, '0')}`;
    const plain = CHANNEL === 'webhook' ? newWebhookSecret() : null;
    return { id, email: `contact${i + 1}@partner.example`, endpoint: SMS ? null : `${base}/h/${i + 1}`, phone: SMS ? `+614${String(10_000_000 + i).padStart(8, '0')}` : null, plain, sealed: plain ? sealWebhookSecretWith(box, id, plain) : null };
  });
  for (let i = 0; i < N; i += 1000) {
    const now = new Date();
    await db.subscriber.createMany({
      data: subs.slice(i, i + 1000).map((v) => ({ id: v.id, email: v.email, key: `${CHANNEL} ${v.email} ${v.endpoint ?? v.phone}`, channel: CHANNEL as Channel, endpoint: v.endpoint, phoneNumber: v.phone, webhookSecret: v.sealed, confirmedAt: now, manageTokenHash: createHash('md5').update(v.id).digest('hex') })),
    });
  }

  // ---------------------------------------------------------------- the bodies both sides send
  const warm = await db.$transaction((tx) => queueNotice(tx, { incidentId: incident.id, kind: 'update', actor: systemActor }));
  await renderNoticeRegions(warm.id);
  const [rendering] = await db.noticeRendering.findMany({ where: { noticeId: warm.id }, orderBy: { region: { position: 'asc' } } });
  await db.notice.update({ where: { id: warm.id }, data: { status: 'canceled' } });
  const notice = JSON.parse(rendering!.channels!) as ChannelNotice;
  const publicBase = 'https://status.example.net';
  let expected = N;
  let unit = 'posts';
  let bareFile: string;
  if (SMS) {
    // Every subscriber's text, as the worker builds it (the region's text is the same for all its numbers).
    const texts = subs.map((s) => ({ to: s.phone!, text: smsNoticeText(personaliseNotice(notice, { timeZone: 'UTC', locale: 'en-US', manageUrl: `${publicBase}/manage/x`, unsubscribeUrl: `${publicBase}/u/x` })), reference: s.id }));
    expected = N * smsSegments(texts[0]!.text).segments;
    unit = 'segments';
    bareFile = join(dataDir, 'texts.json');
    writeFileSync(bareFile, JSON.stringify(texts));
  } else {
    const requests = subs.map((s) => {
      const token = manageTokenFor(secret, s.id, 1);
      const manageUrl = `${publicBase}/manage/${token}`;
      const unsubscribeUrl = `${publicBase}/u/${token}`;
      const deliveryId = `msg_${warm.id}_${s.id}`;
      const body = httpPayload(CHANNEL as Parameters<typeof httpPayload>[0], { notice: personaliseNotice(notice, { timeZone: 'UTC', locale: 'en-US', manageUrl, unsubscribeUrl }), manageUrl, unsubscribeUrl, now: new Date() });
      return { url: s.endpoint!, body, headers: s.plain ? signatureHeaders(s.plain, deliveryId, new Date(), body) : {} };
    });
    bareFile = join(dataDir, 'requests.json');
    writeFileSync(bareFile, JSON.stringify(requests));
  }

  // ---------------------------------------------------------------- one bare round (its own process each time)
  // The bare smpp client sends N texts unmeasured first (Candor's worker is warm by then too: it
  // has sent a whole notice before its first measured round), then waits for the word to go.
  const bareRound = async (): Promise<{ rate: number; cpuUs: number; line: string }> => {
    await reset();
    if (SMS) {
      const bare = fork(fileURLToPath(new URL('./sms.client.ts', import.meta.url)), ['bare', smscUrl, String(N), String(CONCURRENCY), String(N), bareFile], { execArgv: process.execArgv, env: { ...process.env, CANDOR_BENCH_HANDSHAKE: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let receiverCpu0 = 0;
      const done = await new Promise<{ ms: number; accepted: number; cpuMs: number }>((resolve) =>
        bare.on('message', (m: { type: string; ms: number; accepted: number; cpuMs: number }) => {
          if (m.type === 'warmed')
            void reset().then(() => {
              receiverCpu0 = cpuMsOf(receiver.pid!);
              bare.send({ type: 'go' });
            });
          if (m.type === 'done') resolve(m);
        }),
      );
      await waitCount(expected);
      const receiverUs = ((cpuMsOf(receiver.pid!) - receiverCpu0) * 1000) / N;
      const rate = expected / ((last - first) / 1000);
      const cpuUs = (done.cpuMs * 1000) / N;
      return { rate, cpuUs, line: `bare smpp client, window 10 (own process, warmed by ${N.toLocaleString('en-US')} texts): ${N.toLocaleString('en-US')} texts, ${done.accepted.toLocaleString('en-US')} accepted, in ${secs(last - first)} = ${rate.toFixed(0)} segments/s (CPU ${cpuUs.toFixed(0)} µs per text; the SMSC ${receiverUs.toFixed(0)})` };
    }
    const bare = fork(fileURLToPath(new URL('./notify.bare-fetch.ts', import.meta.url)), [bareFile, String(CONCURRENCY)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const done = await new Promise<{ ms: number; cpuMs: number }>((resolve) => bare.on('message', (m: { type: string; ms: number; cpuMs: number }) => m.type === 'done' && resolve(m)));
    await waitCount(N);
    const rate = N / ((last - first) / 1000);
    const cpuUs = (done.cpuMs * 1000) / N;
    return { rate, cpuUs, line: `bare fetch loop (own process): ${N.toLocaleString('en-US')} posts in ${secs(last - first)} = ${rate.toFixed(0)} req/s (CPU ${cpuUs.toFixed(0)} µs per post)` };
  };

  // ---------------------------------------------------------------- the candor worker, one for every round
  await reset();
  spawnSync(process.execPath, ['bin/candor.mjs', '--help'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'ignore' });
  const worker = spawn(process.execPath, [...workerNodeArgs, 'bin/candor.mjs', 'worker', '--concurrency', String(CONCURRENCY), '--domain-rate', '0'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, BACKUP_INTERVAL: 'off', DATABASE_URL: url.toString(), PUBLIC_URL: publicBase, WEBHOOKS_ALLOW_PRIVATE: '1', CANDOR_DATA_DIR: dataDir, SMTP_URL: '', SMS_URL: SMS ? smscUrl : '', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => worker.stdout!.on('data', (d: Buffer) => (/running on/.test(d.toString()) ? resolve() : undefined)));
  worker.stdout!.resume();

  /** One notice to all N subscribers, timed at the receiver from its first arrival to its last. */
  const candorRound = async (): Promise<{ rate: number; cpuUs: number; lines: string[] }> => {
    await reset();
    const cpu0 = cpuMsOf(worker.pid!);
    const threads0 = threadCpuMsOf(worker.pid!);
    // PostgreSQL's backends (claims, outcome writes) and the receiver share the machine's cores with
    // the worker: their CPU from the first arrival on is counted too. The worker's whole-round CPU
    // also holds the claims before the first arrival.
    let sendCpu0 = 0;
    let receiverCpu0 = 0;
    let databaseCpu0: Promise<Map<number, number>> = Promise.resolve(new Map());
    onFirstArrival = () => {
      sendCpu0 = cpuMsOf(worker.pid!);
      receiverCpu0 = cpuMsOf(receiver.pid!);
      if (!SQLITE) databaseCpu0 = databaseCpuMsOf(query, dbName);
    };
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
    const receiverCpuMs = cpuMsOf(receiver.pid!) - receiverCpu0;
    const databaseCpuMs = SQLITE ? 0 : cpuMsBetween(await databaseCpu0, await databaseCpuMsOf(query, dbName));
    const threads = [...threadCpuMsOf(worker.pid!)].map(([name, ms]) => [name, ms - (threads0.get(name) ?? 0)] as const).filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]).slice(0, 6);
    const sendMs = last - first;
    const arrived = count;
    while ((await db.notice.findUniqueOrThrow({ where: { id: real.id } })).status !== 'sent') await new Promise((r) => setTimeout(r, 50));
    const sent = await db.delivery.count({ where: { noticeId: real.id, status: 'sent' } });
    const rate = expected / (sendMs / 1000);
    const perDelivery = (ms: number) => ((ms * 1000) / N).toFixed(0);
    const lines = [
      `candor worker (own process): queued ${prepared.audience.toLocaleString('en-US')} deliveries in ${secs(queueMs)}; ${expected.toLocaleString('en-US')} ${unit} in ${secs(sendMs)} = ${rate.toFixed(0)} ${unit}/s; ${arrived - expected} extra ${unit}; ${sent.toLocaleString('en-US')} rows sent; CPU ${perDelivery(cpuEnd - cpu0)} µs per delivery (${perDelivery(cpuEnd - sendCpu0)} from the first ${SMS ? 'segment' : 'post'} on)`,
      `  from the first arrival on, µs of CPU per delivery: ${SQLITE ? 'SQLite runs in the worker' : `PostgreSQL's backends ${perDelivery(databaseCpuMs)}`}, the ${SMS ? 'SMSC' : 'receiver'} ${perDelivery(receiverCpuMs)}; the worker by thread: ${threads.map(([name, ms]) => `${name} ${perDelivery(ms)}`).join(', ')}`,
    ];
    if (RECEIPTS) lines.push(`  receipts: ${(await db.delivery.count({ where: { noticeId: real.id, receiptState: 'delivered' } })).toLocaleString('en-US')} rows delivered by receipt, the last ${secs(receiptsMs)} after queueing (the CPU above includes recording them)`);
    if (sent !== N || arrived !== expected) throw new Error(`round went wrong: ${sent} rows sent of ${N}, ${arrived} ${unit} arrived of ${expected}`);
    return { rate, cpuUs: (cpuEnd - sendCpu0) * 1000 / N, lines };
  };

  // ---------------------------------------------------------------- rounds, the order alternating
  // One unmeasured notice first (the worker's first query builds Prisma's query compiler, its code
  // is cold), then ROUNDS rounds of bare and candor back to back, so a neighbour's load falls on
  // both; the verdict is the median of the rounds' ratios.
  console.log('warming the worker up with one notice (unmeasured) ...');
  await candorRound();
  const ratios: number[] = [];
  const rates = { bare: [] as number[], candor: [] as number[] };
  for (let r = 1; r <= ROUNDS; r++) {
    let bare!: Awaited<ReturnType<typeof bareRound>>;
    let candor!: Awaited<ReturnType<typeof candorRound>>;
    if (r % 2 === 1) {
      bare = await bareRound();
      candor = await candorRound();
    } else {
      candor = await candorRound();
      bare = await bareRound();
    }
    rates.bare.push(bare.rate);
    rates.candor.push(candor.rate);
    ratios.push(candor.rate / bare.rate);
    console.log(`\nround ${r} of ${ROUNDS} (${r % 2 === 1 ? 'bare first' : 'candor first'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(bare.line);
    for (const line of candor.lines) console.log(line);
    console.log(`  ratio ${(candor.rate / bare.rate).toFixed(2)}`);
  }
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const ratio = median(ratios);
  console.log('\nresults');
  console.log(`  ${CHANNEL} ${unit}/s (send phase), median of ${ROUNDS} round(s): candor ${median(rates.candor).toFixed(0)}   bare ${SMS ? 'smpp client' : 'fetch'} ${median(rates.bare).toFixed(0)}`);
  console.log(`  ratio (median of the rounds' ratios ${ratios.map((x) => x.toFixed(2)).join(', ')}): ${ratio.toFixed(2)} (target >= 0.8: ${ratio >= 0.8 ? 'met' : 'MISSED'})`);
  console.log(`  load average at the end:     ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  receiver.send({ type: 'stop' });
  await handle?.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (!SQLITE) await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: unknown) => console.error('could not drop', dbName, e));
}
process.exit(0);
