import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { startWorkerProcess, stopProcess, workerLog } from '@/tests/helpers/spawned-worker';
import { SQLITE_WORKER_LEASE_KEY } from '@/lib/jobs/sqlite-worker-lease';
import type { DatabaseKind } from '@/lib/server/env';
import { createTestDatabase, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { systemActor } from '@/lib/server/actor';
import { BATCH, FIRST_BATCH } from '@/lib/jobs/prepare-notice';
import { addSubscribers, createScenario, waitFor, type Scenario } from './notify-fixtures';

// The crash cases of `candor worker`, one file per database (crash.sqlite.test.ts and
// crash.postgresql.test.ts, which run side by side): a kill -9 while the delivery rows are still
// being inserted, a kill -9 mid-send, and on PostgreSQL two `candor worker` processes sharing one
// notice. Each ends with every subscriber reached, and duplicates only from messages in flight.

const CONCURRENCY = 16;

const startWorker = (url: string, smtp: string) => startWorkerProcess(url, smtp, CONCURRENCY);
const stop = stopProcess;

/** Counts what each address received at one sink. */
async function countingSink(): Promise<{ sink: Sink; perAddress: Map<string, number> }> {
  const perAddress = new Map<string, number>();
  const sink = await startSink({ keep: 0, onMessage: (m) => perAddress.set(m.to[0]!, (perAddress.get(m.to[0]!) ?? 0) + 1) });
  return { sink, perAddress };
}

const duplicatesIn = (perAddress: Map<string, number>) => [...perAddress.values()].reduce((n, c) => n + (c - 1), 0);

export function crashSafety(kind: DatabaseKind): void {
  describe(`crash safety on ${kind}`, () => {
    let t: TestDatabase;
    let s: Scenario;
    beforeAll(async () => {
      t = await createTestDatabase(kind);
      s = await createScenario(t.handle.db);
    });
    afterAll(async () => t?.drop());

    async function audience(prefix: string, n: number): Promise<void> {
      await t.handle.db.subscriber.updateMany({ data: { unsubscribedAt: new Date() } });
      await addSubscribers(t.handle.db, Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@example.com` })));
    }
    const notice = () => t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: s.incidentId, kind: 'update', actor: systemActor }));
    const rowsOf = (noticeId: string) => t.handle.db.delivery.count({ where: { noticeId } });

    it('kill -9 while the delivery rows are being inserted, start again: nobody is missed', async () => {
      // Past the first batch and one full batch, so the kill can land between two inserts.
      const n = FIRST_BATCH + BATCH + 2_000;
      await audience('queue', n);
      const { sink, perAddress } = await countingSink();
      const first = await startWorker(t.url, sink.url);
      try {
        const { id } = await notice();
        const seen = await waitFor('the first batch queued and the rest not yet', async () => {
          const rows = await rowsOf(id);
          return rows > 0 && rows < n ? rows : null;
        }, 60_000);
        await stop(first, 'SIGKILL');
        const atKill = await rowsOf(id);
        expect(seen).toBeGreaterThan(0);
        expect(atKill).toBeLessThan(n);
        expect((await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status).toBe('queued');

        const second = await startWorker(t.url, sink.url);
        try {
          await waitFor('every address', () => perAddress.size === n, 150_000);
          await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent', 30_000);
        } finally {
          await stop(second, 'SIGTERM');
        }
        expect(await rowsOf(id)).toBe(n);
        expect(await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })).toBe(n);
        expect(duplicatesIn(perAddress)).toBeLessThanOrEqual(CONCURRENCY);
        console.log(`${kind}: kill -9 with ${atKill} of ${n} rows queued; ${duplicatesIn(perAddress)} duplicates (bound ${CONCURRENCY})`);
      } finally {
        await stop(first, 'SIGKILL');
        await sink.stop();
      }
    }, 240_000);

    it('kill -9 mid-send, start again: everyone gets the notice, duplicates only from messages in flight', async () => {
      const n = 2_000;
      await audience('send', n);
      const { sink, perAddress } = await countingSink();
      const first = await startWorker(t.url, sink.url);
      try {
        const { id } = await notice();
        await waitFor('some messages before the crash', () => sink.count >= 400, 60_000);
        await stop(first, 'SIGKILL');
        expect(sink.count).toBeLessThan(n);
        const second = await startWorker(t.url, sink.url);
        try {
          await waitFor('every address', () => perAddress.size === n, 90_000);
          await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent', 30_000);
        } finally {
          await stop(second, 'SIGTERM');
        }
        expect(await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })).toBe(n);
        expect(duplicatesIn(perAddress)).toBeLessThanOrEqual(CONCURRENCY);
      } finally {
        await stop(first, 'SIGKILL');
        await sink.stop();
      }
    }, 180_000);

    // SQLite runs one worker: a second one started beside it (`candor worker` next to `candor
    // start`'s own) waits. Before the lease, it handed back every claim it found at start, the
    // live worker's too, and sent them a second time.
    if (kind === 'sqlite')
      it('a second `candor worker` on the same SQLite database waits, hands back none of the first one\'s claims, and takes over when it stops', async () => {
        const n = 1_500;
        await audience('single', n);
        const { sink, perAddress } = await countingSink();
        // The first sends 100 a second, so its claims stay in flight for seconds, and it is still
        // sending (15 s in all) when the second one, slow to start on a loaded machine, is checked.
        const first = await startWorkerProcess(t.url, sink.url, CONCURRENCY, { MAIL_RATE_PER_SECOND: '100' });
        const others: ChildProcess[] = [];
        try {
          const { id } = await notice();
          await waitFor('the first worker sending', () => sink.count >= 20, 30_000);
          const claimants = async () => (await t.handle.db.delivery.groupBy({ by: ['claimedBy'], where: { noticeId: id, status: 'sending' }, _count: true })).map((g) => g.claimedBy);
          const firstClaims = await claimants();
          expect(firstClaims).toHaveLength(1);
          const second = await startWorkerProcess(t.url, sink.url, CONCURRENCY);
          others.push(second);
          // Past its next try, it still waits: the claims in flight are all still the first one's.
          await new Promise((r) => setTimeout(r, 2_500));
          expect(await claimants()).toEqual(firstClaims);
          expect(sink.count).toBeLessThan(n);
          expect(workerLog(second)).toMatch(/another delivery worker \(.+\) is running on this SQLite database, and only one may: this one waits/);
          const lease = JSON.parse((await t.handle.db.systemState.findUniqueOrThrow({ where: { key: SQLITE_WORKER_LEASE_KEY } })).value) as { workerId: string; pid: number };
          expect([lease.workerId, lease.pid]).toEqual([firstClaims[0], first.pid]);

          await stop(first, 'SIGTERM');
          await waitFor('every address', () => perAddress.size === n, 60_000);
          await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent', 30_000);
          expect(workerLog(second)).toMatch(/holds the SQLite database's worker lease now and sends/);
          expect(duplicatesIn(perAddress)).toBe(0);
          expect(await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })).toBe(n);

          // A worker killed with -9 leaves its lease behind; on the same host the next one sees
          // that its process is gone and takes the lease at once, without waiting a minute.
          await stop(second, 'SIGKILL');
          const third = await startWorkerProcess(t.url, sink.url, CONCURRENCY);
          others.push(third);
          expect(workerLog(third)).not.toMatch(/this one waits/);
          const next = await notice();
          await waitFor('the next notice sent by the third worker', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id: next.id } })).status === 'sent', 30_000);
          expect(sink.count).toBe(2 * n);
        } finally {
          await stop(first, 'SIGKILL');
          for (const w of others) await stop(w, 'SIGKILL');
          await sink.stop();
        }
      }, 120_000);

    // Several worker processes share one database only on PostgreSQL (SQLite runs one worker).
    if (kind === 'postgresql')
      it('two `candor worker` processes share one notice: both send, nobody gets two', async () => {
        const n = 4_000;
        await audience('pair', n);
        const a = await countingSink();
        const b = await countingSink();
        const workers = await Promise.all([startWorker(t.url, a.sink.url), startWorker(t.url, b.sink.url)]);
        try {
          const { id } = await notice();
          await waitFor('every address', () => a.perAddress.size + b.perAddress.size >= n, 90_000);
          await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent', 30_000);
          expect(a.sink.count).toBeGreaterThan(0);
          expect(b.sink.count).toBeGreaterThan(0);
          const both = [...a.perAddress.keys()].filter((address) => b.perAddress.has(address));
          expect(both).toEqual([]);
          expect(a.sink.count + b.sink.count).toBe(n);
          expect(await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })).toBe(n);
          console.log(`two workers: ${a.sink.count} and ${b.sink.count} of ${n}`);
        } finally {
          for (const w of workers) await stop(w, 'SIGTERM');
          await a.sink.stop();
          await b.sink.stop();
        }
      }, 180_000);
  });
}
