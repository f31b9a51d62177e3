import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUSEKEEPING, nextRunDelay, staleCutoffs } from '@/lib/domain/housekeeping';
import { deleteStaleRows, RATE_LIMIT_RULES, type StaleReport } from '@/lib/server/housekeeping/delete-stale-rows';
import { startHousekeeping } from '@/lib/server/housekeeping/housekeeping-service';
import { backgroundServices } from '@/lib/server/runtime/services';
import { reserve } from '@/lib/server/rate-limit/reserve';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';

// Housekeeping on both engines: many stale rows and a few live ones in every table it cleans; one run
// deletes exactly the stale ones, no statement deletes more than the batch size, and the tables stay bounded.

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const BATCH = 97;
const STALE = 250;
const hex = () => randomBytes(12).toString('hex');
const addr = (email: string) => ({ email, key: email });
const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

describe('housekeeping rules (pure)', () => {
  it('keeps rate-limit rows for the longest window of any rule, and jitters within ±20 %', () => {
    const now = new Date('2009-10-02T12:00:00Z');
    const longest = Math.max(...RATE_LIMIT_RULES.map((r) => r.windowMs));
    expect(longest).toBeGreaterThan(0);
    const kept = (windowMs: number) => now.getTime() - staleCutoffs(now, windowMs).rateWindowStartedBy.getTime();
    expect(kept(longest)).toBe(Math.max(longest, HOUSEKEEPING.rateLimitFloorMs));
    expect(kept(HOUSEKEEPING.rateLimitFloorMs + MIN)).toBe(HOUSEKEEPING.rateLimitFloorMs + MIN);
    expect(kept(MIN)).toBe(HOUSEKEEPING.rateLimitFloorMs);
    expect(nextRunDelay(1000, 0.2, 0)).toBe(800);
    expect(nextRunDelay(1000, 0.2, 0.999999)).toBe(1200);
    expect(HOUSEKEEPING.batchSize).toBeGreaterThan(0);
  });
});

describe.each(DATABASE_KINDS)('housekeeping on %s', (kind) => {
  let t: TestDatabase;
  let userId = '';
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    userId = (await t.handle.db.user.create({ data: { email: 'ops@example.com', name: 'Ops', passwordHash: 'x' } })).id;
  });
  afterAll(async () => t?.drop());

  /** Inserts STALE rows that must go and a few that must stay; returns the ids that must stay. */
  async function seed(now: Date) {
    const db = t.handle.db;
    const at = (ms: number) => new Date(now.getTime() + ms);
    // How long a rate-limit row is kept after its window started, from the rules in the source.
    const longest = now.getTime() - staleCutoffs(now, Math.max(...RATE_LIMIT_RULES.map((r) => r.windowMs))).rateWindowStartedBy.getTime();
    const n = Array.from({ length: STALE }, (_, i) => i);

    await db.session.createMany({ data: n.map(() => ({ tokenHash: hex(), userId, expiresAt: at(-MIN) })) });
    const liveSession = await db.session.create({ data: { tokenHash: hex(), userId, expiresAt: at(MIN) } });

    await db.rateLimit.createMany({ data: n.map((i) => ({ key: `stale-${kind}-${i}-${hex()}`, count: 3, windowStart: at(-longest - MIN), lockedUntil: i % 2 ? at(-1) : null })) });
    const liveWindow = await db.rateLimit.create({ data: { key: `live-window-${hex()}`, count: 3, windowStart: at(-longest + MIN) } });
    const liveLock = await db.rateLimit.create({ data: { key: `live-lock-${hex()}`, count: 11, windowStart: at(-longest - MIN), lockedUntil: at(MIN) } });

    await db.passwordReset.createMany({ data: n.map((i) => ({ tokenHash: hex(), userId, expiresAt: i % 2 ? at(-MIN) : at(MIN), usedAt: i % 2 ? null : at(-MIN) })) });
    const liveReset = await db.passwordReset.create({ data: { tokenHash: hex(), userId, expiresAt: at(MIN) } });

    const lapsed = at(-HOUSEKEEPING.unconfirmedKeepMs - DAY);
    await db.subscriber.createMany({ data: n.map(() => ({ ...addr(`${hex()}@example.com`), manageTokenHash: hex(), confirmTokenHash: hex(), confirmExpiresAt: lapsed })) });
    const recentlyLapsed = await db.subscriber.create({ data: { ...addr(`${hex()}@example.com`), manageTokenHash: hex(), confirmTokenHash: hex(), confirmExpiresAt: at(-DAY) } });
    const confirmed = await db.subscriber.create({ data: { ...addr(`${hex()}@example.com`), manageTokenHash: hex(), confirmedAt: lapsed, confirmExpiresAt: lapsed } });

    const old = at(-HOUSEKEEPING.outboxKeepMs - DAY);
    // A row finishes when it is sent, or when its last attempt was due; queued when it was created.
    const mail = (status: 'sent' | 'failed' | 'pending', at: Date) => ({ kind: 'manage_link', to: `${hex()}@example.com`, subject: 's', html: 'h', text: 't', status, createdAt: at, nextAttemptAt: at, sentAt: status === 'sent' ? at : null });
    await db.outboxMail.createMany({ data: n.map((i) => mail(i % 2 ? 'sent' : 'failed', old)) });
    const oldPending = await db.outboxMail.create({ data: mail('pending', old) });
    const recentSent = await db.outboxMail.create({ data: mail('sent', at(-DAY)) });

    return {
      session: [liveSession.id],
      rateLimit: [liveWindow.key, liveLock.key],
      passwordReset: [liveReset.id],
      subscriber: [recentlyLapsed.id, confirmed.id],
      outboxMail: [oldPending.id],
      recentOutbox: recentSent.id,
    };
  }

  async function remaining() {
    const db = t.handle.db;
    return {
      session: (await db.session.findMany({ select: { id: true } })).map((r) => r.id),
      rateLimit: (await db.rateLimit.findMany({ select: { key: true } })).map((r) => r.key),
      passwordReset: (await db.passwordReset.findMany({ select: { id: true } })).map((r) => r.id),
      subscriber: (await db.subscriber.findMany({ select: { id: true } })).map((r) => r.id),
      outboxMail: (await db.outboxMail.findMany({ select: { id: true } })).map((r) => r.id),
    };
  }

  it('deletes only the stale rows, in statements of at most the batch size, and a live session, lock and reset survive', async () => {
    const now = new Date();
    const live = await seed(now);
    const before = await remaining();
    // Positive control: the stale rows are really there.
    expect(before.session).toHaveLength(STALE + 1);
    expect(before.rateLimit).toHaveLength(STALE + 2);

    const report = await deleteStaleRows({ now, batchSize: BATCH });
    for (const [table, counts] of Object.entries(report) as [keyof StaleReport, number[]][]) {
      expect(total(counts), table).toBe(STALE);
      expect(counts, table).toHaveLength(Math.ceil(STALE / BATCH));
      for (const c of counts) expect(c, table).toBeLessThanOrEqual(BATCH);
    }
    const after = await remaining();
    expect(after.session.sort()).toEqual(live.session.sort());
    expect(after.rateLimit.sort()).toEqual(live.rateLimit.sort());
    expect(after.passwordReset.sort()).toEqual(live.passwordReset.sort());
    expect(after.subscriber.sort()).toEqual(live.subscriber.sort());
    expect(after.outboxMail.sort()).toEqual([...live.outboxMail, live.recentOutbox].sort());

    // The live lock still refuses: housekeeping did not hand an attacker a fresh window.
    const [lockKey] = live.rateLimit.filter((k) => k.startsWith('live-lock-'));
    expect((await reserve(lockKey!, { limit: 10, windowMs: 15 * MIN, lockMs: 15 * MIN }, now)).allowed).toBe(false);

    // A second run finds nothing: the tables stay bounded by what is live.
    const again = await deleteStaleRows({ now, batchSize: BATCH });
    expect(Object.values(again).map(total)).toEqual([0, 0, 0, 0, 0]);
  });

  it('runs by itself in candor start, on a schedule, until stopped', async () => {
    expect(backgroundServices.map((s) => s.name)).toContain('housekeeping');
    await t.handle.db.session.createMany({ data: Array.from({ length: 30 }, () => ({ tokenHash: hex(), userId, expiresAt: new Date(Date.now() - MIN) })) });
    const runs: StaleReport[] = [];
    const service = startHousekeeping({ intervalMs: 200, batchSize: BATCH, log: () => undefined, onRun: (r) => runs.push(r) });
    try {
      const deadline = Date.now() + 10_000;
      while (runs.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await service.stop();
    }
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(total(runs[0]!.session)).toBe(30);
    expect(await t.handle.db.session.count({ where: { expiresAt: { lte: new Date() } } })).toBe(0);
    const count = runs.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(runs.length).toBe(count);
  });
});
