import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '@/lib/server/actor';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { snapshotFilePath } from '@/lib/server/paths';
import { metricsRegistry } from '@/lib/server/metrics/registry';
import { registerProcessMetrics } from '@/lib/server/metrics/scrape-gauges';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { BUILT, freePort, spawnWatched, until, type SpawnedCommand } from '../helpers/spawned-candor';
import { startScriptedRelay, type ScriptedRelay } from '../helpers/scripted-relay';
import { TcpProxy } from '../helpers/tcp-proxy';
import { parseExposition, valueOf } from '../helpers/prometheus-text';
import { addSubscribers, createScenario } from './notify-fixtures';
import { candor } from '../helpers/cli';

// /metrics and the orchestrator health endpoints of real processes: `candor start` (needs a Next
// build: npm run build) and `candor worker`, scraped over HTTP and read with a strict exposition
// parser. The expected metric names come from the registry, filled the way each process fills it.

const TOKEN = 'metrics-test-token-0123456789abcdef';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// Filled in this order: a worker's registry is a subset of the web process's.
registerProcessMetrics('worker');
const candorNames = () => metricsRegistry().getMetricsAsArray().map((m) => m.name).filter((n) => n.startsWith('candor_')).sort();
const WORKER_NAMES = candorNames();
registerProcessMetrics('web');
const WEB_NAMES = candorNames();

type Instance = SpawnedCommand;

async function stop(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  instance.child.kill('SIGTERM');
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 20_000);
  await instance.exited;
  clearTimeout(timer);
}

async function scrape(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function metricsOf(url: string) {
  const res = await scrape(url, bearer(TOKEN));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(res.text);
}

const namesIn = (families: Map<string, unknown>) => [...families.keys()].filter((n) => n.startsWith('candor_')).sort();

describe('metrics and health of candor start and candor worker (PostgreSQL)', () => {
  it('has a Next build to serve (npm test builds before the integration tests; alone, run `npm run build` first)', () => {
    expect(BUILT).toBe(true);
  });

  let t: TestDatabase;
  let relay: ScriptedRelay;
  const proxy = new TcpProxy();
  let web: Instance | undefined;
  let worker: Instance | undefined;
  let snapshotPath = '';
  let incidentId = '';

  beforeAll(async () => {
    t = await createTestDatabase('postgresql');
    t.install();
    const s = await createScenario(t.handle.db);
    incidentId = s.incidentId;
    await addSubscribers(t.handle.db, ['ann@example.com', 'bob@example.net', 'cy@example.org'].map((email) => ({ email })));
    relay = await startScriptedRelay();
    await proxy.open();
  });
  afterAll(async () => {
    await Promise.all([stop(web), stop(worker)]);
    await relay?.stop();
    await proxy.close();
    if (snapshotPath) rmSync(snapshotPath, { force: true });
    await t?.drop();
  });

  it('serves each process its metrics on METRICS_PORT behind the token, counts deliveries, and answers live/ready', { timeout: 240_000 }, async () => {
    const viaProxy = new URL(t.url);
    viaProxy.port = String(proxy.port);
    snapshotPath = snapshotFilePath(viaProxy.toString());
    const [port, webMetricsPort, workerMetricsPort] = [await freePort(), await freePort(), await freePort()];
    const base = `http://127.0.0.1:${port}`;
    const webMetrics = `http://127.0.0.1:${webMetricsPort}/metrics`;
    const workerMetrics = `http://127.0.0.1:${workerMetricsPort}/metrics`;
    const mail = { SMTP_URL: `smtp://candor:secret@127.0.0.1:${relay.port}`, MAIL_FROM: 'status@example.com', METRICS_TOKEN: TOKEN, METRICS_HOST: '127.0.0.1' };
    worker = spawnWatched(['worker'], { ...mail, DATABASE_URL: t.url, METRICS_PORT: String(workerMetricsPort) });
    web = spawnWatched(['start', '--no-build'], { ...mail, DATABASE_URL: viaProxy.toString(), PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, CANDOR_WORKER: 'off', METRICS_PORT: String(webMetricsPort) });

    // Ready once the database, the migrations, a worker's heartbeat and the relay are all fine.
    const ready = await until('ready', async () => {
      const res = await fetch(`${base}/api/health/ready`);
      return res.status === 200 && ((await res.json()) as { status: string; checks: Record<string, { ok: boolean }> });
    }, 120_000, web);
    expect(ready.status).toBe('ready');
    expect(Object.values(ready.checks).every((c) => c.ok)).toBe(true);
    expect((await fetch(`${base}/api/health/live`)).status).toBe(200);

    // Metrics live on METRICS_PORT only: the main port has none, with or without the token.
    const main = await scrape(`${base}/metrics`, bearer(TOKEN));
    expect(main.status).toBe(404);
    expect(main.text).not.toContain('candor_');
    for (const url of [webMetrics, workerMetrics]) {
      const anonymous = await scrape(url);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(anonymous.text).not.toContain('candor_');
      expect((await scrape(url, bearer(`${TOKEN}x`))).status).toBe(401);
      expect((await scrape(url, { authorization: TOKEN })).status).toBe(401);
    }

    // Public pages from the hot path, the console through Next: both counted.
    // Read to the end: a response is counted when it is complete.
    for (const path of ['/', '/admin/sign-in']) {
      const res = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'identity' } });
      await res.text();
      expect(res.status, path).toBe(200);
    }
    const webFamilies = await metricsOf(webMetrics);
    expect(namesIn(webFamilies)).toEqual(WEB_NAMES);
    for (const name of ['process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes']) expect(webFamilies.has(name), name).toBe(true);
    expect(valueOf(webFamilies, 'candor_http_requests_total', { route: 'hot', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(webFamilies, 'candor_http_requests_total', { route: 'admin', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(webFamilies, 'candor_http_hot_path_total', { result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(webFamilies, 'candor_http_hot_path_total', { result: 'next' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(webFamilies, 'candor_http_request_duration_seconds_count', { route: 'hot' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(webFamilies, 'candor_database_up')).toBe(1);
    expect(valueOf(webFamilies, 'candor_database_pool_connections', { pool: 'prisma', state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(webFamilies, 'candor_snapshot_stale')).toBe(0);
    expect(valueOf(webFamilies, 'candor_snapshot_rebuild_duration_seconds_count')).toBeGreaterThanOrEqual(1);

    const sent = { channel: 'email', kind: 'notice', outcome: 'sent' };
    const before = await metricsOf(workerMetrics);
    expect(namesIn(before)).toEqual(WORKER_NAMES);
    expect(valueOf(before, 'candor_deliveries_total', sent)).toBe(0);
    expect(valueOf(before, 'candor_mail_transport_paused', { stage: '' })).toBe(0);

    // A notice to three subscribers: the worker's counters move by exactly three.
    await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId, kind: 'update', actor: systemActor }));
    const after = await until('three notices sent', async () => {
      const f = await metricsOf(workerMetrics);
      return valueOf(f, 'candor_deliveries_total', sent) === 3 && f;
    }, 60_000, worker);
    expect(relay.received.sort()).toEqual(['ann@example.com', 'bob@example.net', 'cy@example.org']);
    expect(valueOf(after, 'candor_mail_send_duration_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(valueOf(after, 'candor_deliveries_total', { ...sent, outcome: 'failed' })).toBe(0);

    // The relay now refuses every sender: the worker pauses, the gauge says so and readiness fails naming it.
    relay.script.mailFrom = () => ({ code: 530, text: '5.7.0 Authentication required' });
    await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId, kind: 'resolved', actor: systemActor }));
    await until('worker reports the pause', async () => valueOf(await metricsOf(workerMetrics), 'candor_mail_transport_paused', { stage: 'mail_from' }) === 1, 60_000, worker);
    await until('web process reports the pause', async () => valueOf(await metricsOf(webMetrics), 'candor_mail_transport_paused', { stage: 'mail_from' }) === 1, 30_000, web);
    // The probe lets the worker try again now and then, so the pause row can blink: poll for the 503.
    const pausedBody = await until('ready 503 while paused', async () => {
      const res = await fetch(`${base}/api/health/ready`);
      return res.status === 503 && ((await res.json()) as { status: string; reasons: string[]; checks: { mail: { ok: boolean } } });
    }, 30_000, web);
    expect(pausedBody.status).toBe('not_ready');
    expect(pausedBody.checks.mail.ok).toBe(false);
    expect(pausedBody.reasons).toHaveLength(1);
    expect(pausedBody.reasons[0]).toMatch(/^mail transport paused since .* \(mail_from\)/);
    relay.script.mailFrom = undefined;

    // The database goes away: the page is still served (live 200), but the instance is not ready.
    await proxy.close();
    const live = await until('snapshot marked stale', async () => {
      const res = await fetch(`${base}/api/health/live`);
      const body = (await res.json()) as { snapshot: { stale: boolean } };
      return res.status === 200 && body.snapshot.stale && body;
    }, 30_000, web);
    expect(live.snapshot.stale).toBe(true);
    expect((await fetch(`${base}/`)).status).toBe(200);
    const down = await fetch(`${base}/api/health/ready`);
    expect(down.status).toBe(503);
    const downBody = (await down.json()) as { reasons: string[]; checks: { database: { ok: boolean } } };
    expect(downBody.checks.database.ok).toBe(false);
    expect(downBody.reasons).toEqual([expect.stringMatching(/^database unreachable: /)]);
    await until('database_up 0', async () => valueOf(await metricsOf(webMetrics), 'candor_database_up') === 0, 30_000, web);
    expect(valueOf(await metricsOf(webMetrics), 'candor_snapshot_stale')).toBe(1);
  });
});

describe('/metrics on the main port (SQLite)', () => {
  let t: TestDatabase;
  let instance: Instance | undefined;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await stop(instance);
    await t?.drop();
  });

  const start = async (extra: Record<string, string>) => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    instance = spawnWatched(['start', '--no-build'], { DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, ...extra });
    await until('live', async () => (await fetch(`${base}/api/health/live`)).status === 200, 120_000, instance);
    return base;
  };

  it('with METRICS_TOKEN: 401 without the token, the metrics with it; ready with the worker in this process', { timeout: 180_000 }, async () => {
    const base = await start({ METRICS_TOKEN: TOKEN });
    const anonymous = await scrape(`${base}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="candor-metrics"');
    expect(anonymous.text).not.toContain('candor_');
    expect((await scrape(`${base}/metrics`, bearer('metrics-test-token-0123456789abcdeX'))).status).toBe(401);
    expect(namesIn(await metricsOf(`${base}/metrics`))).toEqual(WEB_NAMES);

    const ready = await until('ready', async () => {
      const res = await fetch(`${base}/api/health/ready`);
      return res.status === 200 && ((await res.json()) as { checks: { worker: { ok: boolean; detail?: string } } });
    }, 30_000, instance);
    expect(ready.checks.worker).toEqual({ ok: true, detail: 'in this process' });
    await stop(instance);
  });

  it('with neither METRICS_TOKEN nor METRICS_PORT: no metrics for anyone', { timeout: 180_000 }, async () => {
    const base = await start({});
    for (const headers of [{}, bearer(TOKEN)]) {
      const res = await scrape(`${base}/metrics`, headers);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('candor_');
    }
    // Positive control: the same instance answers its other operational endpoint.
    expect((await fetch(`${base}/api/health/ready`)).status).toBe(200);
    await stop(instance);
  });
});

describe('METRICS_PORT and METRICS_TOKEN set to nonsense stop Candor, naming the variable', () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [['worker'], { METRICS_PORT: 'nine' }, /configuration error in METRICS_PORT: "nine" is not a port number/],
    [['worker'], { METRICS_PORT: '70000' }, /configuration error in METRICS_PORT: 70000 is outside 1-65535/],
    [['worker'], { METRICS_TOKEN: 'short' }, /configuration error in METRICS_TOKEN: is 5 characters; use at least 16/],
    [['worker'], { METRICS_TOKEN: 'has spaces in the middle of it' }, /configuration error in METRICS_TOKEN: may hold only/],
    [['worker'], { METRICS_HOST: 'bad host' }, /configuration error in METRICS_HOST: /],
    [['start', '--no-build'], { PORT: '3999', METRICS_PORT: '3999' }, /configuration error in METRICS_PORT: 3999 is also PORT/],
  ];
  it.each(cases)('candor %s with %o', { timeout: 60_000 }, async (args, env, message) => {
    const run = await candor(args, { DATABASE_URL: 'file:./data/never-created-by-metrics-test.db', ...env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).not.toContain('running');
  });
});
