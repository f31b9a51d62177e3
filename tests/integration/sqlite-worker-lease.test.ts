import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { SQLITE_LEASE_RENEW_MS, SQLITE_WORKER_LEASE_KEY, SqliteWorkerLease } from '@/lib/jobs/sqlite-worker-lease';
import { checkReadiness } from '@/lib/server/health/check-readiness';
import { readEnv } from '@/lib/server/env';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { systemActor } from '@/lib/server/actor';
import { createTestDatabase, type TestDatabase } from '@/tests/helpers/test-db';
import { addSubscribers, createScenario, waitFor, type Scenario } from './notify-fixtures';

// The SQLite worker lease inside one process (crash-suite.ts has it across `candor worker`
// processes): of two workers only the holder sends, the other says in /api/health/ready that it
// waits, and takes over when the holder stops; two takes of a free lease at once give it to one.

const fast = { pollMs: 100, backoff: { baseMs: 100, maxMs: 400 }, domainRate: 0, concurrency: 8, singleWorker: true };

describe('the SQLite worker lease', () => {
  let t: TestDatabase;
  let s: Scenario;
  let sink: Sink;
  const logs: string[] = [];
  const log = (line: string) => void logs.push(line);
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    s = await createScenario(t.handle.db);
    sink = await startSink({ keep: 0 });
    installTransport(sink.url);
  });
  afterAll(async () => {
    await closeTransport();
    await sink.stop();
    await t.drop();
  });

  const env = () => readEnv({ DATABASE_URL: t.url, PUBLIC_URL: 'https://status.example.net' });
  const notice = () => t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: s.incidentId, kind: 'update', actor: systemActor }));
  const sent = async (id: string) => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent';

  it('two workers in one process: the first sends, the second waits and says so, then takes over when the first stops', async () => {
    await addSubscribers(t.handle.db, Array.from({ length: 50 }, (_, i) => ({ email: `lease${i}@example.com` })));
    const workers: RunningWorker[] = [];
    try {
      const first = await startWorker({ ...fast, id: 'first', log });
      workers.push(first);
      const second = await startWorker({ ...fast, id: 'second', log });
      workers.push(second);
      expect(logs.join('\n')).toMatch(/worker second: another delivery worker \(first\) is running on this SQLite database/);
      const readiness = await checkReadiness(env());
      expect(readiness.checks.worker).toEqual({ ok: true, detail: 'in this process, waiting: another delivery worker (first) runs on this SQLite database' });

      const a = await notice();
      await waitFor('the first notice sent', () => sent(a.id), 20_000);
      expect(sink.count).toBe(50);
      const claimedBy = await t.handle.db.delivery.groupBy({ by: ['claimedBy'], where: { noticeId: a.id }, _count: true });
      expect(claimedBy).toEqual([{ claimedBy: null, _count: 50 }]);
      expect(logs.filter((l) => l.includes('worker second: this worker holds'))).toEqual([]);

      await first.stop();
      workers.shift();
      await waitFor('the second worker to take the lease', () => logs.some((l) => l.includes('worker second: this worker holds the SQLite database\'s worker lease now and sends')), 10_000);
      expect((await checkReadiness(env())).checks.worker).toEqual({ ok: true, detail: 'in this process' });
      const b = await notice();
      await waitFor('the second notice sent', () => sent(b.id), 20_000);
      expect(sink.count).toBe(100);
      const lease = JSON.parse((await t.handle.db.systemState.findUniqueOrThrow({ where: { key: SQLITE_WORKER_LEASE_KEY } })).value) as { workerId: string };
      expect(lease.workerId).toBe('second');
    } finally {
      for (const w of workers) await w.stop();
    }
    // A clean stop gives the lease up.
    expect(await t.handle.db.systemState.findUnique({ where: { key: SQLITE_WORKER_LEASE_KEY } })).toBeNull();
  }, 60_000);

  it('of many takes of a free lease at once, exactly one wins and the others are told who holds it: when nobody holds it, and when its holder is a minute silent', async () => {
    const alive = () => true;
    for (const round of ['no row', 'stale row']) {
      if (round === 'stale row') {
        const old = { workerId: 'silent', host: 'elsewhere', pid: 1, at: new Date(Date.now() - 61_000).toISOString() };
        await t.handle.db.systemState.create({ data: { key: SQLITE_WORKER_LEASE_KEY, value: JSON.stringify(old) } });
      }
      const leases = Array.from({ length: 8 }, (_, i) => new SqliteWorkerLease(`${round} racer${i}`, alive));
      const answers = await Promise.all(leases.map((l) => l.take()));
      expect(answers.filter((a) => a === null)).toHaveLength(1);
      const holder = leases[answers.indexOf(null)]!;
      expect(answers.filter((a) => a !== null).map((a) => a!.workerId)).toEqual(Array(7).fill(holder.workerId));
      // The holder renews; a loser cannot. A renewal within SQLITE_LEASE_RENEW_MS writes nothing; one after it rewrites the lease.
      const stored = async () => (await t.handle.db.systemState.findUniqueOrThrow({ where: { key: SQLITE_WORKER_LEASE_KEY } })).value;
      const before = await stored();
      expect(await holder.renew()).toBe(true);
      expect(await stored()).toBe(before);
      expect(await holder.renew(new Date(Date.now() + SQLITE_LEASE_RENEW_MS))).toBe(true);
      expect(await stored()).not.toBe(before);
      expect(await leases.find((l) => l !== holder)!.renew()).toBe(false);
      await holder.release();
      expect(await t.handle.db.systemState.findUnique({ where: { key: SQLITE_WORKER_LEASE_KEY } })).toBeNull();
    }
  });
});
