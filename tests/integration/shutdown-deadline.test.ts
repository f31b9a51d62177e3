import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { SHUTDOWN_STOP_SECONDS } from '@/lib/server/runtime/shutdown-steps';
import { createTestDatabase } from '../helpers/test-db';
import { BUILT, freePort, spawnWatched, startCandor, until, type SpawnedCommand } from '../helpers/spawned-candor';
import { addSubscribers, createScenario } from './notify-fixtures';

// A shutdown that cannot finish: the relay takes each message's DATA and then never answers (well
// inside nodemailer's 60 s socket timeout), so the delivery worker's stop waits on messages in
// flight. `candor start` and `candor worker` must still exit, 1, within SHUTDOWN_DELAY_SECONDS +
// SHUTDOWN_GRACE_SECONDS + SHUTDOWN_STOP_SECONDS, naming the step they left; the held messages stay
// unsent and go out once, by the next process, when the relay answers again.

const READERS = ['held0@example.com', 'held1@example.com', 'held2@example.com'];

/** A relay that holds every message after its DATA while `holding`, and accepts it otherwise. */
async function holdingRelay() {
  const received: string[] = [];
  let held = 0;
  let holding = true;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session: SMTPServerSession, callback) {
      stream.resume();
      stream.on('end', () => {
        if (holding) {
          held += 1;
          return; // never answered: the connection stays open until the client goes away
        }
        for (const r of session.envelope.rcptTo) received.push(r.address);
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    held: () => held,
    answer: () => void (holding = false),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function setUp() {
  const t = await createTestDatabase('sqlite');
  const scenario = await createScenario(t.handle.db);
  await addSubscribers(t.handle.db, READERS.map((email) => ({ email })));
  const relay = await holdingRelay();
  const queue = () => t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: scenario.incidentId, kind: 'update', actor: cliActor, subject: 'Contacts are syncing again', body: 'We are restoring contacts.' }));
  return { t, relay, queue };
}

/** SIGTERM, then the exit code and how long it took. */
async function terminate(p: SpawnedCommand) {
  const at = Date.now();
  p.child.kill('SIGTERM');
  const code = await p.exited;
  return { code, ms: Date.now() - at };
}

const spawned: SpawnedCommand[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const p of spawned) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  for (const c of cleanups) await c();
});

describe.concurrent('a shutdown that cannot finish is bounded', () => {
  it('has a Next build to serve (npm test builds before the integration tests; alone, run `npm run build` first)', () => {
    expect(BUILT).toBe(true);
  });

  it('candor start exits 1 within delay + grace + the stop limit, naming the delivery worker; the held notice goes out once afterwards', { timeout: 150_000 }, async () => {
    const { t, relay, queue } = await setUp();
    cleanups.push(() => relay.close(), () => t.drop());
    const settings = { DATABASE_URL: t.url, SMTP_URL: relay.url, MAIL_FROM: 'status@example.com', SHUTDOWN_GRACE_SECONDS: '1', MAIL_RATE_PER_SECOND: '0' };
    const first = startCandor(await freePort(), settings);
    spawned.push(first);
    await until('healthy', async () => (await fetch(`${first.base}/api/health`)).status === 200, 120_000, first);
    await queue();
    await until('messages held by the relay', async () => relay.held() >= 1, 60_000, first);

    const { code, ms } = await terminate(first);
    const limitMs = (1 + SHUTDOWN_STOP_SECONDS) * 1000;
    console.log(`candor start: exit ${code} ${ms} ms after SIGTERM (limit ${limitMs} ms), ${relay.held()} message(s) held`);
    expect(code, first.output()).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(limitMs - 1_000);
    expect(ms).toBeLessThan(limitMs + 10_000);
    const log = first.stdout();
    expect(log).toContain('Shutdown: requests in flight done');
    expect(log).toMatch(/Shutdown: delivery worker had not finished 1[5-9](\.\d)? s into the shutdown \(limit 16 s\); exiting without waiting for it or the steps after it\./);
    expect(log).not.toContain('Shutdown: database connections done');
    expect(log).not.toContain('Stopped.');
    expect(relay.received).toEqual([]);
    expect(await t.handle.db.delivery.count({ where: { status: { in: ['sent', 'failed'] } } })).toBe(0);

    // Positive control: with the relay answering, the next instance sends every message once and stops cleanly.
    relay.answer();
    const second = startCandor(await freePort(), settings);
    spawned.push(second);
    await until('every message sent', async () => (await t.handle.db.delivery.count({ where: { status: 'sent' } })) === READERS.length, 90_000, second);
    const clean = await terminate(second);
    expect(clean.code, second.output()).toBe(0);
    expect(second.stdout()).toContain('Shutdown: database connections done');
    expect(second.stdout()).toContain('Stopped.');
    expect([...relay.received].sort()).toEqual(READERS);
  });

  it('candor worker exits 1 within grace + the stop limit, naming the delivery worker; a worker whose relay answers exits 0', { timeout: 150_000 }, async () => {
    const { t, relay, queue } = await setUp();
    cleanups.push(() => relay.close(), () => t.drop());
    const settings = { DATABASE_URL: t.url, SMTP_URL: relay.url, MAIL_FROM: 'status@example.com', SHUTDOWN_GRACE_SECONDS: '0', MAIL_RATE_PER_SECOND: '0' };
    const first = spawnWatched(['worker'], settings);
    spawned.push(first);
    await until('worker running', async () => first.stdout().includes('running on'), 60_000, first);
    await queue();
    await until('messages held by the relay', async () => relay.held() >= 1, 60_000, first);

    const { code, ms } = await terminate(first);
    const limitMs = SHUTDOWN_STOP_SECONDS * 1000;
    console.log(`candor worker: exit ${code} ${ms} ms after SIGTERM (limit ${limitMs} ms)`);
    expect(code, first.output()).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(limitMs - 1_000);
    expect(ms).toBeLessThan(limitMs + 10_000);
    expect(first.stdout()).toMatch(/Shutdown: delivery worker had not finished 1[4-9](\.\d)? s into the shutdown \(limit 15 s\)/);
    expect(first.stdout()).not.toMatch(/stopped; sent/);
    expect(await t.handle.db.delivery.count({ where: { status: { in: ['sent', 'failed'] } } })).toBe(0);

    relay.answer();
    const second = spawnWatched(['worker'], settings);
    spawned.push(second);
    await until('every message sent', async () => (await t.handle.db.delivery.count({ where: { status: 'sent' } })) === READERS.length, 90_000, second);
    const clean = await terminate(second);
    expect(clean.code, second.output()).toBe(0);
    expect(second.stdout()).toContain('Shutdown: delivery worker done');
    expect(second.stdout()).toMatch(/stopped; sent 3, retried 0, failed 0/);
    expect([...relay.received].sort()).toEqual(READERS);
  });
});
