import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { createIncident } from '@/lib/server/incidents/create-incident';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { createUser } from '@/lib/server/users/create-user';
import { Balancer } from '../helpers/balancer';
import { BUILT, freePort, startCandor, until, type StartedCandor } from '../helpers/spawned-candor';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// A rolling restart under load: two `candor start` on one PostgreSQL database behind a round-robin
// balancer that, like a Kubernetes Service, routes only to instances whose readiness probe answers.
// One instance gets SIGTERM while requests run through it, and is started again. Every request the
// balancer accepted must get its whole answer, every API write must land exactly once.
// Needs a Next build (`npm run build`).

const WRITE_PREFIX = 'Rolling restart write';
const WORKERS = 2;
/** Each load worker sends at most one request per this many ms, so the load stays bounded. */
const PACE_MS = 100;
/** Requests the restarted instance must serve before the load stops. */
const AFTER_RESTART = 20;

interface Call {
  kind: string;
  path: string;
  status: number;
  body: string;
  contentType: string;
  clientPort: number;
  startedAt: number;
  error?: string;
}

/** One request on its own connection (Connection: close); fails if the connection breaks before the whole body. */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Omit<Call, 'kind'>> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    let clientPort = 0;
    const fail = (error: Error) => resolve({ path, status: 0, body: '', contentType: '', clientPort, startedAt, error: error.message });
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers: { connection: 'close', 'accept-encoding': 'identity', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('aborted', () => fail(new Error(`response cut off after ${text.length} characters`)));
      res.on('error', fail);
      res.on('end', () => resolve({ path, status: res.statusCode ?? 0, body: text, contentType: String(res.headers['content-type'] ?? ''), clientPort, startedAt }));
    });
    req.on('socket', (s) => s.once('connect', () => (clientPort = s.localPort ?? 0)));
    req.on('error', fail);
    req.end(body);
  });
}

/** Whether an answer is whole and what its kind promises: a page ends its HTML, JSON parses, a feed closes. */
function complete(call: Call): boolean {
  if (call.contentType.includes('json')) {
    try {
      JSON.parse(call.body);
      return true;
    } catch {
      return false;
    }
  }
  if (call.contentType.includes('html')) return /<\/html>\s*$/.test(call.body);
  if (call.contentType.includes('xml')) return /<\/feed>\s*$/.test(call.body);
  return false;
}

describe('a rolling restart under load', () => {
  it('has a Next build to serve (npm test builds before the integration tests; alone, run `npm run build` first)', () => {
    expect(BUILT).toBe(true);
  });

  let t: TestDatabase;
  let token = '';
  let incidentId = '';
  const dataDirs: string[] = [];
  const instances: StartedCandor[] = [];
  beforeAll(async () => {
    t = await createTestDatabase('postgresql');
    t.install();
    await loadDemo({ actor: cliActor });
    const user = await createUser({ actor: cliActor, input: { email: 'roller@example.com', role: 'responder', password: 'long-enough-pw' } });
    token = (await createApiToken({ actor: cliActor, input: { name: 'load', role: 'responder', userId: user.id } })).token;
    incidentId = (await createIncident({ actor: cliActor, input: { name: 'Sync slow during the restart', kind: 'outage', body: 'We are looking into it.' } })).id;
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop(5_000)));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await t?.drop();
  });

  /** Each instance has its own data folder, as each pod would. */
  const start = (port: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'candor-rolling-'));
    dataDirs.push(dir);
    const instance = startCandor(port, { DATABASE_URL: t.url, CANDOR_DATA_DIR: dir });
    instances.push(instance);
    return instance;
  };
  const healthy = (i: StartedCandor) => until(`${i.base} healthy`, async () => (await fetch(`${i.base}/api/health`)).status === 200, 120_000, i);

  it('answers every accepted request in full, loses and doubles no write, and both instances serve afterwards', { timeout: 300_000 }, async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const firstA = start(portA);
    const b = start(portB);
    await Promise.all([healthy(firstA), healthy(b)]);
    const balancer = new Balancer([portA, portB]);
    await balancer.open();
    expect(balancer.isReady(portA) && balancer.isReady(portB)).toBe(true);

    const auth = { authorization: `Bearer ${token}` };
    const reads: [string, string, Record<string, string>][] = [
      ['snapshot page', '/', {}],
      ['snapshot json', '/api/v2/summary.json', {}],
      ['snapshot feed', '/feed.atom', {}],
      ['snapshot page', `/incidents/${incidentId}`, {}],
      ['next page', '/subscribe', {}],
      ['api read', '/api/v1/incidents?per_page=5', auth],
      ['next page', '/admin/sign-in', {}],
      ['api read', '/api/v1/components', auth],
      ['snapshot page', '/history', {}],
    ];
    const calls: Call[] = [];
    const writes: string[] = [];
    let sequence = 0;
    let stopLoad = false;
    const worker = async () => {
      while (!stopLoad) {
        const n = sequence++;
        const paced = new Promise((r) => setTimeout(r, PACE_MS));
        if (n % 10 === 9) {
          const text = `${WRITE_PREFIX} ${n}`;
          writes.push(text);
          const answer = await send(balancer.port, 'POST', `/api/v1/incidents/${incidentId}/updates`, { ...auth, 'content-type': 'application/json' }, JSON.stringify({ status: 'monitoring', body: text }));
          calls.push({ kind: 'api write', ...answer });
        } else {
          const [kind, path, headers] = reads[n % 10]!;
          calls.push({ kind, ...(await send(balancer.port, 'GET', path, headers)) });
        }
        await paced;
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, worker));
    const loadStartedAt = Date.now();

    // Once the load runs through A, SIGTERM it while it holds connections.
    await until('requests in flight through A', async () => Date.now() - loadStartedAt > 2_000 && balancer.activeTo(portA) > 0, 30_000);
    const inFlightAtSigterm = balancer.activeTo(portA);
    const sigtermAt = Date.now();
    firstA.child.kill('SIGTERM');
    const exitCode = await firstA.exited;
    const exitedAt = Date.now();
    const secondA = start(portA);
    await healthy(secondA);
    await until('the balancer routing to A again', async () => balancer.isReady(portA), 10_000);
    // The moment the balancer put A back, not the moment this loop noticed: requests may reach A in between.
    const backAt = balancer.readySince(portA)!;
    await until(`${AFTER_RESTART} requests served by the restarted A`, async () => balancer.routed.filter((r) => r.backend === portA && r.openedAt > backAt).length >= AFTER_RESTART, 60_000, secondA).catch((error: Error) => {
      throw new Error(`${error.message} (${calls.length} requests done, ${balancer.unrouted} unrouted; in rotation: A ${balancer.isReady(portA)}, B ${balancer.isReady(portB)})`);
    });
    stopLoad = true;
    await load;
    const loadMs = Date.now() - loadStartedAt;

    // Every request answered in full, with the status its kind promises.
    const broken = calls.filter((c) => c.error !== undefined || c.status !== (c.kind === 'api write' ? 201 : 200) || !complete(c));
    expect(broken.map((c) => `${c.kind} ${c.path}: ${c.error ?? `${c.status} ${c.body.slice(0, 200)}`}`), `${firstA.output()}\n${secondA.output()}\nB:\n${b.output()}`).toEqual([]);
    expect(balancer.unrouted).toBe(0);

    // Every write landed exactly once.
    const stored = await t.handle.db.incidentUpdate.findMany({ where: { incidentId, body: { startsWith: WRITE_PREFIX } }, select: { body: true } });
    expect(stored.map((u) => u.body).sort()).toEqual([...writes].sort());
    expect(new Set(writes).size).toBe(writes.length);

    // The restart happened under load: A was serving when signalled, drained and exited 0.
    expect(exitCode, firstA.output()).toBe(0);
    expect(inFlightAtSigterm).toBeGreaterThan(0);
    const servedByA = (from: number, to: number) => balancer.routed.filter((r) => r.backend === portA && r.openedAt >= from && r.openedAt < to).length;
    const finishedAfterSigterm = balancer.routed.filter((r) => r.backend === portA && r.openedAt < sigtermAt && (r.closedAt ?? 0) > sigtermAt).length;
    expect(finishedAfterSigterm).toBeGreaterThan(0);
    expect(calls.filter((c) => c.startedAt > sigtermAt && c.startedAt < backAt).length, 'requests ran while A was away').toBeGreaterThan(0);
    expect(servedByA(exitedAt, backAt), 'nothing reached A while it was down').toBe(0);

    // Both serve afterwards, directly and through the balancer.
    for (const i of [secondA, b]) {
      expect((await fetch(`${i.base}/api/health`)).status).toBe(200);
      expect(await (await fetch(`${i.base}/`)).text()).toMatch(/<\/html>\s*$/);
    }
    const byB = balancer.routed.filter((r) => r.backend === portB && r.openedAt > backAt).length;
    expect(byB).toBeGreaterThan(0);
    const redispatched = balancer.routed.filter((r) => r.refusedBy.length > 0).length;
    console.log(
      `rolling restart: ${calls.length} requests (${writes.length} writes) in ${loadMs} ms; ${inFlightAtSigterm} connection(s) open on A at SIGTERM, ${finishedAfterSigterm} finished after it; A exited ${exitedAt - sigtermAt} ms after SIGTERM and was back ${backAt - exitedAt} ms later; ${redispatched} connection(s) refused by a draining or stopped A went to B`,
    );
    await balancer.close();
  });
});
