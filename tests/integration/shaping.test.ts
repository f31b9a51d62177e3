import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { systemActor } from '@/lib/server/actor';
import { prepareNotice } from '@/lib/jobs/prepare-notice';
import { domainOf } from '@/lib/jobs/rate-limit';
import { startWorker, type RunningWorker, type WorkerOptions } from '@/lib/jobs/worker';
import { addSubscribers, createScenario, waitFor, type Scenario } from './notify-fixtures';

// The worker's shaping measured where it matters: at the SMTP server, by the time of each RCPT TO
// (an attempt) and of each accepted message, per recipient domain.

interface Seen {
  domain: string;
  at: number;
}

/** Most events in any window of `ms`. */
function peak(times: number[], ms: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
const between = (list: Seen[], domain: (d: string) => boolean, from: number, to: number) => list.filter((s) => domain(s.domain) && s.at >= from && s.at < to).length;

describe.each(DATABASE_KINDS)('delivery shaping on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  let s: Scenario;
  let worker: RunningWorker | undefined;
  const attempts: Seen[] = [];
  const accepted: Seen[] = [];
  /** Returns a refusal for an address, or nothing to accept it. */
  let script: (address: string) => { code: number; message: string } | undefined = () => undefined;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink({
      keep: 0,
      onRecipient: (address) => {
        attempts.push({ domain: domainOf(address), at: Date.now() });
        return script(address);
      },
      onMessage: (m) => accepted.push({ domain: domainOf(m.to[0]!), at: Date.now() }),
    });
    installTransport(sink.url);
    s = await createScenario(t.handle.db);
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    script = () => undefined;
    attempts.length = 0;
    accepted.length = 0;
    await t.handle.db.delivery.deleteMany();
    await t.handle.db.notice.deleteMany();
    await t.handle.db.subscriber.deleteMany();
  });
  afterAll(async () => {
    await closeTransport();
    await sink.stop();
    await t.drop();
  });

  /** A notice to `emails`, prepared; then a worker with `options` until every message is accepted. */
  async function send(emails: string[], options: WorkerOptions, timeoutMs = 40_000): Promise<void> {
    await addSubscribers(
      t.handle.db,
      emails.map((email) => ({ email })),
    );
    const n = await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: s.incidentId, kind: 'update', actor: systemActor }));
    await prepareNotice(n.id);
    worker = await startWorker({ pollMs: 100, concurrency: 8, backoff: { baseMs: 500, maxMs: 2000 }, log: () => undefined, ...options });
    await waitFor(`${emails.length} messages accepted`, () => accepted.length >= emails.length, timeoutMs);
    await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id: n.id } })).status === 'sent');
    expect(accepted).toHaveLength(emails.length);
  }

  it('with default settings and a relay that never says slow down, a burst to one domain is not held', async () => {
    const emails = Array.from({ length: 600 }, (_, i) => `user${i}@one.example`);
    await send(emails, {});
    const times = accepted.map((a) => a.at);
    const span = (Math.max(...times) - Math.min(...times)) / 1000;
    // The old default held every domain at 50/s: 600 messages took at least 11 s.
    expect(600 / span).toBeGreaterThan(100);
    expect(peak(times, 1000)).toBeGreaterThan(100);
    expect(attempts).toHaveLength(600);
  });

  /** Counts every claim of a delivery row (status set to 'sending'), with a trigger in the database itself. */
  async function countClaims(): Promise<() => Promise<number>> {
    const db = t.handle.db;
    await db.$executeRawUnsafe('CREATE TABLE claim_log (n INTEGER)');
    if (kind === 'sqlite') {
      await db.$executeRawUnsafe(`CREATE TRIGGER count_claims AFTER UPDATE OF status ON "Delivery" WHEN NEW.status = 'sending' BEGIN INSERT INTO claim_log VALUES (1); END`);
    } else {
      await db.$executeRawUnsafe(`CREATE FUNCTION count_claim() RETURNS trigger AS $$ BEGIN INSERT INTO claim_log VALUES (1); RETURN NEW; END $$ LANGUAGE plpgsql`);
      await db.$executeRawUnsafe(`CREATE TRIGGER count_claims AFTER UPDATE OF status ON "Delivery" FOR EACH ROW WHEN (NEW.status = 'sending') EXECUTE FUNCTION count_claim()`);
    }
    return async () => Number((await db.$queryRawUnsafe<{ n: unknown }[]>('SELECT COUNT(*) AS n FROM claim_log'))[0]!.n);
  }

  it('enforces a fixed per-domain cap while other domains go at full speed, without churning the queue', async () => {
    const capped = Array.from({ length: 100 }, (_, i) => `c${i}@capped.example`);
    const free = Array.from({ length: 200 }, (_, i) => `f${i}@free${i % 20}.example`);
    const claims = await countClaims();
    await send([...capped, ...free], { domainRate: 20 });
    const cappedTimes = accepted.filter((a) => a.domain === 'capped.example').map((a) => a.at);
    const freeTimes = accepted.filter((a) => a.domain !== 'capped.example').map((a) => a.at);
    // A bucket of 20/s with one second's burst: any second holds at most 40 (a few more at the server,
    // where each message arrives a little after it was let go), and 100 take at least 4 s.
    expect(peak(cappedTimes, 1000)).toBeLessThanOrEqual(44);
    expect(peak(cappedTimes, 3000)).toBeLessThanOrEqual(84);
    expect((Math.max(...cappedTimes) - Math.min(...cappedTimes)) / 1000).toBeGreaterThanOrEqual(3.5);
    // Positive control: the other domains were not held, and were done long before the capped one.
    expect(peak(freeTimes, 1000)).toBeGreaterThan(60);
    expect(Math.max(...freeTimes)).toBeLessThan(Math.max(...cappedTimes) - 1500);
    // A held-back delivery is put back once, at its place on the domain's schedule: not claimed
    // again every few milliseconds until a token is free.
    expect(await claims()).toBeGreaterThanOrEqual(300);
    expect(await claims()).toBeLessThanOrEqual(2 * 300 + 20);
  });

  it('enforces the global rate across all domains', async () => {
    const emails = Array.from({ length: 120 }, (_, i) => `g${i}@d${i}.example`);
    await send(emails, { rate: 30 });
    const times = accepted.map((a) => a.at);
    // A bucket of 30/s with one second's burst lets at most 60 go in any second and 90 in any two. At
    // the server a few more can land in one window, each message arriving a little after it was let
    // go: up to a quarter of a second of spread on a busy machine is 8 more. A bucket twice as big,
    // or one that forgot its burst, lets 90 into a second.
    const spread = 8;
    expect(peak(times, 1000)).toBeLessThanOrEqual(60 + spread);
    expect(peak(times, 2000)).toBeLessThanOrEqual(90 + spread);
    expect((Math.max(...times) - Math.min(...times)) / 1000).toBeGreaterThanOrEqual(2.8);
  });

  it('slows a domain that answers 451 (and 452) while other domains keep their speed, then speeds it up again', async () => {
    const slow = (d: string) => d === 'slow.example';
    const other = (d: string) => !slow(d);
    const emails = Array.from({ length: 7200 }, (_, i) => (i % 6 === 0 ? `s${i}@slow.example` : `o${i}@other${i % 40}.example`));
    // slow.example accepts its first 600, then says "slow down" for 3 seconds, then accepts again.
    let phase: { from: number; to: number } | null = null;
    let seen = 0;
    script = (address) => {
      if (!slow(domainOf(address))) return undefined;
      const now = Date.now();
      if (!phase && ++seen > 600) phase = { from: now, to: now + 3000 };
      if (phase && now >= phase.from && now < phase.to) return ++seen % 2 ? { code: 451, message: '4.7.1 Rate limited, please try again later' } : { code: 452, message: '4.5.3 Too many recipients, slow down' };
      return undefined;
    };
    // The relay's own cap (1,000/s) keeps the other domains sending through the phase on any machine:
    // uncapped, a quick one sent them all within the phase's first second and left nothing to compare.
    // The phase starts after the cap's first burst (1,000 at once) has been spent.
    await send(emails, { rate: 1000 }, 90_000);
    const p = phase!;
    expect(p).not.toBeNull();
    const first = Math.min(...attempts.map((a) => a.at));
    const before = (p.from - first) / 1000;
    const slowBefore = between(attempts, slow, first, p.from) / before;
    const otherBefore = between(accepted, other, first, p.from) / before;
    // In the last two seconds of the phase, slow.example is tried far less often than before it...
    const slowDuring = between(attempts, slow, p.from + 1000, p.to) / 2;
    expect(slowDuring).toBeLessThan(slowBefore * 0.35);
    // ...while the other domains keep (at least most of) their pace.
    // Measured only while they still had mail to send: a quick machine may finish them inside the phase.
    const otherEnd = Math.min(p.to, Math.max(...accepted.filter((a) => other(a.domain)).map((a) => a.at)));
    expect(otherEnd - (p.from + 1000)).toBeGreaterThan(500);
    const otherDuring = between(accepted, other, p.from + 1000, otherEnd) / ((otherEnd - p.from - 1000) / 1000);
    expect(otherDuring).toBeGreaterThan(otherBefore * 0.6);
    // Once it accepts again, its rate climbs back: the best second after the phase beats the phase's second half many times.
    const after = accepted.filter((a) => slow(a.domain) && a.at >= p.to).map((a) => a.at);
    expect(peak(after, 1000)).toBeGreaterThan(Math.max(4, slowDuring * 3));
    // Nothing lost, nobody twice.
    expect(accepted.filter((a) => slow(a.domain))).toHaveLength(1200);
  });

  it('slows the whole transport when the relay tells every domain to slow down, then speeds up again', async () => {
    // Every message to a domain of its own: per-domain shaping alone could not hold this back.
    const emails = Array.from({ length: 3000 }, (_, i) => `u${i}@d${i}.example`);
    let phase: { from: number; to: number } | null = null;
    let seen = 0;
    script = () => {
      const now = Date.now();
      if (!phase && ++seen > 300) phase = { from: now, to: now + 2500 };
      return phase && now < phase.to ? { code: 451, message: '4.7.1 Too many messages from you, slow down' } : undefined;
    };
    await send(emails, {}, 90_000);
    const p = phase!;
    const all = () => true;
    const first = Math.min(...attempts.map((a) => a.at));
    const before = between(attempts, all, first, p.from) / ((p.from - first) / 1000);
    const during = between(attempts, all, p.from + 1000, p.to) / 1.5;
    expect(during).toBeLessThan(before * 0.35);
    const after = accepted.filter((a) => a.at >= p.to).map((a) => a.at);
    expect(peak(after, 1000)).toBeGreaterThan(Math.max(10, during * 3));
  });
});
