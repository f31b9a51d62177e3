import { BUILT, freePort, startCandor, until, type StartedCandor } from '@/tests/helpers/spawned-candor';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { CONTENT_VERSION_KEY } from '@/lib/server/changes';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { readSnapshotFile, writeSnapshotFile } from '@/lib/server/public/snapshot-file';
import { snapshotFilePath } from '@/lib/server/paths';
import { probeDatabase } from '@/lib/server/runtime/database-reachable';
import { createTestDatabase, PG_ADMIN_URL, type TestDatabase } from '../helpers/test-db';
import { TcpProxy } from '@/tests/helpers/tcp-proxy';

// `candor start` (a real process) while PostgreSQL cannot be reached: a TCP proxy on loopback
// stands in for the database server. A first run saves the public snapshot; a second run, started
// with the proxy closed, serves it marked stale, and takes up the database when the proxy reopens.
// Needs a Next build (npm run build, or NEXT_DIST_DIR pointing at one): `start --no-build` only serves it.

const STALE_TEXT = 'We cannot reach our status database right now.';

type Instance = StartedCandor;
const candorStart = (databaseUrl: string, port: number): Instance => startCandor(port, { DATABASE_URL: databaseUrl });
const stop = async (instance: Instance): Promise<void> => void (await instance.stop(15_000));

const get = (url: string) => fetch(url, { headers: { 'accept-encoding': 'identity' }, redirect: 'manual' });
const countOf = (text: string, needle: string) => text.split(needle).length - 1;

describe('candor start while PostgreSQL is unreachable', () => {
  it('has a Next build to serve (npm test builds before the integration tests; alone, run `npm run build` first)', () => {
    expect(BUILT).toBe(true);
  });

  let t: TestDatabase;
  const proxy = new TcpProxy();
  let viaProxy = '';
  let snapshotPath = '';
  const instances: Instance[] = [];

  beforeAll(async () => {
    t = await createTestDatabase('postgresql');
    t.install();
    await loadDemo({ actor: cliActor });
    await proxy.open();
    const u = new URL(t.url);
    u.port = String(proxy.port);
    viaProxy = u.toString();
    snapshotPath = snapshotFilePath(viaProxy);
    rmSync(snapshotPath, { force: true });
  });
  afterAll(async () => {
    await Promise.all(instances.map(stop));
    await proxy.close();
    if (snapshotPath) rmSync(snapshotPath, { force: true });
    await t?.drop();
  });

  const rename = async (name: string) => {
    await t.handle.db.pageSettings.update({ where: { id: 1 }, data: { name } });
    const value = `${Date.now()}-${name}`;
    await t.handle.db.systemState.upsert({ where: { key: CONTENT_VERSION_KEY }, create: { key: CONTENT_VERSION_KEY, value }, update: { value } });
  };

  it('serves the saved page marked stale, answers health 503, and takes up the database when it returns', { timeout: 240_000 }, async () => {
    // 1. A normal run saves every fresh snapshot, including one made after a change.
    const firstStartedAt = Date.now();
    const first = candorStart(viaProxy, await freePort());
    instances.push(first);
    await until('first run healthy', async () => (await get(`${first.base}/api/health`)).status === 200, 90_000, first);
    const firstRunMs = Date.now() - firstStartedAt;
    await rename('Cold Start Candor');
    await until('first run shows the rename', async () => (await (await get(`${first.base}/`)).text()).includes('Cold Start Candor'), 10_000, first);
    const saved = await until('the renamed page saved', async () => {
      const read = await readSnapshotFile(snapshotPath, viaProxy);
      return read.kind === 'ok' && read.model.page.name === 'Cold Start Candor' && read;
    }, 10_000);
    await stop(first);
    expect(first.child.exitCode ?? first.child.signalCode).toBe(0);

    // 2. The database is gone; a new process starts anyway and serves the saved page, marked stale.
    await proxy.close();
    await rename('Renamed while Candor was down');
    const port = await freePort();
    const startedAt = Date.now();
    const second = candorStart(viaProxy, port);
    instances.push(second);
    const home = await until('second run serves the home page', async () => {
      const res = await get(`${second.base}/`);
      return res.status === 200 && res;
    }, 90_000, second);
    const firstPageMs = Date.now() - startedAt;
    expect(home.headers.get('x-candor-snapshot')).toBe('stale');
    const html = await home.text();
    expect(html).toContain('Cold Start Candor');
    expect(html).toContain(STALE_TEXT);

    const summaryRes = await get(`${second.base}/api/v2/summary.json`);
    expect(summaryRes.status).toBe(200);
    const summary = (await summaryRes.json()) as { page: { name: string }; snapshot: { stale: boolean; as_of: string }; components: unknown[] };
    expect(summary.page.name).toBe('Cold Start Candor');
    expect(summary.snapshot.stale).toBe(true);
    expect(Date.parse(summary.snapshot.as_of)).toBe(Date.parse(saved.model.loadedAt));
    expect(summary.components.length).toBeGreaterThan(0);
    for (const path of ['/regions/telstra-au', '/history', '/feed.atom', '/badge.svg', '/api/v2/status.json?region=tmobile-us']) {
      expect((await get(`${second.base}${path}`)).status, path).toBe(200);
    }

    const health = await get(`${second.base}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', database: { state: 'unreachable' }, snapshot: { stale: true } });

    // Pages that need the database fail on their own; the process stays up.
    const needDatabase: string[] = [];
    for (const path of ['/admin', '/admin/sign-in', '/subscribe', '/setup']) {
      const res = await get(`${second.base}${path}`);
      await res.arrayBuffer();
      needDatabase.push(`${path} ${res.status}`);
    }
    await new Promise((r) => setTimeout(r, 4_000));
    expect(second.child.exitCode).toBeNull();
    expect((await get(`${second.base}/`)).status).toBe(200);
    // Retries are quiet: the outage is logged once, not once per attempt.
    expect(countOf(second.output(), 'unreachable (')).toBe(1);
    expect(second.output()).toContain('serving the saved public snapshot');

    // 3. The database returns: health, migrations, background services and a fresh page follow.
    await proxy.open();
    const reopenedAt = Date.now();
    await until('health 200', async () => (await get(`${second.base}/api/health`)).status === 200, 20_000, second);
    const fresh = await until('a fresh home page', async () => {
      const res = await get(`${second.base}/`);
      const text = await res.text();
      return res.headers.get('x-candor-snapshot') === null && !text.includes(STALE_TEXT) && text;
    }, 20_000, second);
    const recoveryMs = Date.now() - reopenedAt;
    expect(fresh).toContain('Renamed while Candor was down');
    // Logged just after the page is released, and written to stdout asynchronously.
    await until('the recovery logged', async () => second.output().includes('Database reachable again'), 5_000, second);
    // The refresher runs again: a later change shows without a restart.
    await rename('Renamed after the return');
    await until('the refresher follows changes', async () => (await (await get(`${second.base}/`)).text()).includes('Renamed after the return'), 10_000, second);
    const summaryAfter = (await (await get(`${second.base}/api/v2/summary.json`)).json()) as { snapshot: { stale: boolean } };
    expect(summaryAfter.snapshot.stale).toBe(false);
    // Pages that read the database answer again.
    expect((await get(`${second.base}/subscribe`)).status).toBe(200);
    console.log(`cold start: healthy ${firstRunMs} ms after spawn with the database up (first run, may include bundling); first page ${firstPageMs} ms after spawn with the database down; fresh ${recoveryMs} ms after it returned; while down: ${needDatabase.join(', ')}`);

    await stop(second);
    expect(second.child.exitCode ?? second.child.signalCode).toBe(0);
    const resaved = await readSnapshotFile(snapshotPath, viaProxy);
    expect(resaved.kind === 'ok' && resaved.model.page.name).toBe('Renamed after the return');
  });

  it('stops, with the reason, when the database that returns was migrated by a newer Candor meanwhile', { timeout: 120_000 }, async () => {
    await writeSnapshotFile(snapshotPath, viaProxy, await loadPublicModel());
    await proxy.close();
    const run = candorStart(viaProxy, await freePort());
    instances.push(run);
    await until('serving the saved page', async () => (await get(`${run.base}/`)).headers.get('x-candor-snapshot') === 'stale', 90_000, run);
    await t.handle.db.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('future', 'y', '29990101000000_from_the_future', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)`,
    );
    try {
      await proxy.open();
      const code = await Promise.race([run.exited, new Promise<string>((r) => setTimeout(() => r('still running'), 20_000))]);
      expect(code, run.output()).toBe(1);
      expect(run.output()).toMatch(/candor start: database postgresql:\/\/.*: this database was migrated by a newer version of Candor/);
    } finally {
      await t.handle.db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE id = 'future'`);
    }
  });

  it('without a saved snapshot and without the database, exits with a message saying so', { timeout: 60_000 }, async () => {
    const closed = await freePort();
    const u = new URL(t.url);
    u.port = String(closed);
    rmSync(snapshotFilePath(u.toString()), { force: true });
    const run = candorStart(u.toString(), await freePort());
    instances.push(run);
    const code = await run.exited;
    expect(code).toBe(1);
    expect(run.output()).toMatch(/candor start: database postgresql:\/\/.*cannot connect to the database \(.*ECONNREFUSED.*\), and no public snapshot from an earlier run is saved at /);
  });

  it('still refuses, at start, a reachable database migrated by a newer Candor', { timeout: 60_000 }, async () => {
    const newer = await createTestDatabase('postgresql');
    // Even with a saved snapshot to serve: a database that answers is never skipped.
    await writeSnapshotFile(snapshotFilePath(newer.url), newer.url, await loadPublicModel());
    try {
      await newer.handle.db.$executeRawUnsafe(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('x', 'y', '29990101000000_from_the_future', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)`,
      );
      const run = candorStart(newer.url, await freePort());
      instances.push(run);
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/migrated by a newer version of Candor/);
      expect(run.output()).not.toContain('saved public snapshot');
    } finally {
      rmSync(snapshotFilePath(newer.url), { force: true });
      await newer.drop();
    }
  });
});

describe('telling an unreachable database from one that answers', () => {
  it('calls a closed port unreachable, and a server that answers (even with an error) reachable', async () => {
    const closed = new URL(PG_ADMIN_URL);
    closed.port = String(await freePort());
    const down = await probeDatabase(closed.toString(), 2_000);
    expect(down).toMatchObject({ reachable: false, reason: expect.stringMatching(/ECONNREFUSED/) });
    expect(await probeDatabase(PG_ADMIN_URL)).toEqual({ reachable: true });
    const missing = new URL(PG_ADMIN_URL);
    missing.pathname = '/candor_no_such_database';
    expect(await probeDatabase(missing.toString())).toEqual({ reachable: true });
    expect(await probeDatabase('file:./data/never-opened.db')).toEqual({ reachable: true });
  });
});
