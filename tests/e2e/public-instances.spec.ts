import { expect, test } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TcpProxy } from '../helpers/tcp-proxy';

// Two Candor processes on one PostgreSQL database. A change made through one shows on the other's
// public page within 2 s; and when the database goes away under a running instance (a TCP proxy
// in front of PostgreSQL is closed), its public pages keep answering 200 from the last snapshot.

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

const ADMIN_URL = process.env.CANDOR_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const basePort = Number(process.env.CANDOR_E2E_PORT ?? 3100);
// After the run's (at most four) servers' ports (playwright.config.ts), inside the run's six.
const PORTS = [basePort + 4, basePort + 5] as const;
const DB_NAME = `candor_e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;


const dbUrl = (port?: number) => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB_NAME}`;
  if (port) u.port = String(port);
  return u.toString();
};

const proxy = new TcpProxy(Number(new URL(ADMIN_URL).port || 5432), new URL(ADMIN_URL).hostname);
const children: ChildProcess[] = [];
let token = '';

function cli(args: string[], url: string): string {
  return execFileSync('node', ['bin/candor.mjs', ...args], { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' });
}

async function startInstance(port: number, url: string): Promise<void> {
  const child = spawn('node', ['bin/candor.mjs', 'start', '--no-build'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, CANDOR_WORKER: 'off', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  children.push(child);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`instance on ${port} exited:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`instance on ${port} did not start:\n${output}`);
}

test.beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  cli(['migrate'], dbUrl());
  cli(['seed', 'demo'], dbUrl());
  token = cli(['tokens', 'create', '--name', 'e2e instances', '--role', 'responder'], dbUrl()).trim().split('\n').pop()!.trim();
  await proxy.open();
  // Instance A talks to PostgreSQL directly; instance B through the proxy that the test can cut.
  await Promise.all([startInstance(PORTS[0], dbUrl()), startInstance(PORTS[1], dbUrl(proxy.port))]);
});

test.afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  await proxy.close();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.end();
});

const messagingStatus = async (port: number): Promise<string> => {
  const body = (await (await fetch(`http://127.0.0.1:${port}/api/v2/components.json`)).json()) as { components: { name: string; status: string }[] };
  return body.components.find((c) => c.name.startsWith('Messaging'))!.status;
};

test('a change made through one instance shows on the other within 2 s', async ({ request }) => {
  expect(await messagingStatus(PORTS[1])).toBe('operational');
  const res = await request.patch(`http://127.0.0.1:${PORTS[0]}/api/v1/components/messaging`, { headers: { authorization: `Bearer ${token}` }, data: { status: 'major_outage' } });
  expect(res.status()).toBe(200);
  const changedAt = Date.now();
  await expect.poll(() => messagingStatus(PORTS[1]), { timeout: 2_000, intervals: [50] }).toBe('major_outage');
  expect(Date.now() - changedAt).toBeLessThan(2_000);
  await expect.poll(() => messagingStatus(PORTS[0]), { timeout: 2_000, intervals: [50] }).toBe('major_outage');
});

test('with its database gone, an instance keeps serving the last snapshot, says so, and recovers', async ({ request }) => {
  const b = `http://127.0.0.1:${PORTS[1]}`;
  await proxy.close();
  await expect.poll(async () => (await request.get(`${b}/api/health`)).status(), { timeout: 15_000 }).toBe(503);
  const health = await (await request.get(`${b}/api/health`)).json();
  expect(health).toMatchObject({ status: 'degraded', database: { state: 'unreachable' } });

  // A change made meanwhile through the other instance cannot reach B; B must rebuild, fail and mark itself stale.
  await request.patch(`http://127.0.0.1:${PORTS[0]}/api/v1/components/messaging`, { headers: { authorization: `Bearer ${token}` }, data: { status: 'operational' } });
  await expect.poll(async () => (await request.get(`${b}/api/v2/status.json`)).headers()['x-candor-snapshot'], { timeout: 20_000 }).toBe('stale');
  for (const path of ['/', '/regions/telstra-au', '/history', '/incidents/demo-sidekick-data-loss', '/api/v2/summary.json', '/feed.atom', '/badge.svg']) {
    const res = await request.get(`${b}${path}`);
    expect(res.status(), path).toBe(200);
  }
  const home = await (await request.get(`${b}/`)).text();
  expect(home).toContain('We cannot reach our status database right now.');
  const summary = await (await request.get(`${b}/api/v2/summary.json`)).json();
  expect(summary.snapshot).toMatchObject({ stale: true });
  expect(summary.snapshot.as_of).toMatch(/[+-]\d\d:\d\d$/);

  await proxy.open();
  await expect.poll(async () => (await request.get(`${b}/api/health`)).status(), { timeout: 20_000 }).toBe(200);
  await expect.poll(() => messagingStatus(PORTS[1]), { timeout: 20_000 }).toBe('operational');
  expect(await (await request.get(`${b}/`)).text()).not.toContain('We cannot reach our status database');
});
