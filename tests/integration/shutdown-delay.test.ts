import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SHUTDOWN_DELAY_SECONDS, EnvError, readEnv } from '@/lib/server/env';
import { BUILT, connectionRefused, freePort, startCandor, until, type StartedCandor } from '@/tests/helpers/spawned-candor';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// SHUTDOWN_DELAY_SECONDS: from SIGTERM on, a real `candor start` answers "not ready" at once, yet
// keeps accepting and serving new connections (GET and POST) for the delay; only then does it
// refuse them and drain as usual. A balancer that routes by readiness has moved away by then.

const DELAY_S = 4;

/** One request on a connection of its own (no pooling): its status, or the error that broke it. */
function fresh(port: number, path: string, method = 'GET', body?: string): Promise<{ status: number; json?: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: false, headers: body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: /json/.test(String(res.headers['content-type'])) ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const refused = connectionRefused;

describe('SHUTDOWN_DELAY_SECONDS', () => {
  it('is 0 by default, and a value that is not 0 to 300 seconds stops Candor naming it', () => {
    expect(readEnv({}).shutdownDelaySeconds).toBe(DEFAULT_SHUTDOWN_DELAY_SECONDS);
    expect(DEFAULT_SHUTDOWN_DELAY_SECONDS).toBe(0);
    expect(readEnv({ SHUTDOWN_DELAY_SECONDS: '7.5' }).shutdownDelaySeconds).toBe(7.5);
    for (const bad of ['-1', 'soon', '301', '5s']) {
      expect(() => readEnv({ SHUTDOWN_DELAY_SECONDS: bad }), bad).toThrow(EnvError);
      expect(() => readEnv({ SHUTDOWN_DELAY_SECONDS: bad }), bad).toThrow(/SHUTDOWN_DELAY_SECONDS/);
    }
  });
});

describe.skipIf(!BUILT)('candor start with SHUTDOWN_DELAY_SECONDS on SIGTERM', () => {
  let t: TestDatabase;
  let instance: StartedCandor | undefined;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await instance?.stop(5_000);
    await t.drop();
  });

  it('answers not ready at once, serves new connections (GET and POST) for the delay, then refuses them and exits 0', async () => {
    const port = await freePort();
    instance = startCandor(port, { DATABASE_URL: t.url, SHUTDOWN_DELAY_SECONDS: String(DELAY_S) });
    // Positive control: ready before the signal (the in-process worker runs, mail goes to the local sink).
    await until('ready', async () => (await fresh(port, '/api/health/ready')).status === 200, 120_000, instance);
    expect(await refused(port)).toBe(false);

    const sigtermAt = Date.now();
    instance.child.kill('SIGTERM');
    const notReady = await until('not ready after SIGTERM', async () => {
      const r = await fresh(port, '/api/health/ready');
      return r.status === 503 ? r : null;
    }, 2_000, instance);
    expect((notReady.json as { reasons: string[] }).reasons[0]).toMatch(/^shutting down since .*: new connections are served until /);

    // During the delay: new connections are accepted and answered in full, liveness still 200.
    const during: number[] = [];
    while (Date.now() - sigtermAt < (DELAY_S - 2) * 1000) {
      during.push((await fresh(port, '/api/health/live')).status);
      const post = await fresh(port, '/api/subscriptions', 'POST', JSON.stringify({ email: `late${during.length}@example.com` }));
      expect(post.status, 'a POST during the delay is answered').toBeLessThan(500);
    }
    // And one connection made well after the signal (a second and a half), still before the delay ends.
    await new Promise((r) => setTimeout(r, Math.max(0, sigtermAt + 1_500 - Date.now())));
    if (Date.now() - sigtermAt < (DELAY_S - 1) * 1000) during.push((await fresh(port, '/api/health/live')).status);
    expect(during.length).toBeGreaterThan(1);
    expect(during.every((s) => s === 200)).toBe(true);

    // Then the listener closes, not before the delay is over, and the process drains and exits.
    await until('new connections refused', () => refused(port), 10_000, undefined);
    expect(Date.now() - sigtermAt).toBeGreaterThanOrEqual(DELAY_S * 1000 - 250);
    expect(await instance.exited).toBe(0);
    expect(instance.stdout()).toContain(`new connections are served for ${DELAY_S} s more (SHUTDOWN_DELAY_SECONDS)`);
  }, 180_000);
});
