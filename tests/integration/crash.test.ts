import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { systemActor } from '@/lib/server/actor';
import { addSubscribers, createScenario, waitFor } from './notify-fixtures';

const N = 2000;
const CONCURRENCY = 16;

function startWorkerProcess(url: string, smtp: string): ChildProcess {
  const child = spawn(process.execPath, ['bin/candor.mjs', 'worker', '--concurrency', String(CONCURRENCY), '--domain-rate', '0', '--reclaim-after', '2'], {
    env: { ...process.env, DATABASE_URL: url, SMTP_URL: smtp, PUBLIC_URL: 'https://status.example.net' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[worker] ${d.toString()}`));
  return child;
}

describe('crash safety', () => {
  let t: TestDatabase;
  let sink: Sink;
  const perAddress = new Map<string, number>();

  beforeAll(async () => {
    t = await createTestDatabase('postgresql');
    sink = await startSink({ keep: 0, onMessage: (m) => perAddress.set(m.to[0]!, (perAddress.get(m.to[0]!) ?? 0) + 1) });
  });
  afterAll(async () => {
    await sink.stop();
    await t.drop();
  });

  it('kill -9 mid-send, start again: everyone gets the notice, duplicates only from messages in flight', async () => {
    const s = await createScenario(t.handle.db);
    await addSubscribers(
      t.handle.db,
      Array.from({ length: N }, (_, i) => ({ email: `crash${i}@example.com` })),
    );
    const first = startWorkerProcess(t.url, sink.url);
    try {
      const notice = await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: s.incidentId, kind: 'update', actor: systemActor }));
      await waitFor('some messages before the crash', () => sink.count >= 400, 60_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const atCrash = sink.count;
      expect(atCrash).toBeLessThan(N);

      const second = startWorkerProcess(t.url, sink.url);
      try {
        await waitFor('every address', () => perAddress.size === N, 90_000);
        await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).status === 'sent', 30_000);
      } finally {
        second.kill('SIGTERM');
        await new Promise((r) => second.once('exit', r));
      }
      const duplicates = [...perAddress.values()].reduce((n, c) => n + (c - 1), 0);
      expect(perAddress.size).toBe(N);
      expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
      expect(await t.handle.db.delivery.count({ where: { noticeId: notice.id, status: 'sent' } })).toBe(N);
      console.log(`crash test: ${atCrash} accepted before kill -9, ${duplicates} duplicates (bound ${CONCURRENCY})`);
    } finally {
      if (first.exitCode === null) first.kill('SIGKILL');
    }
  }, 180_000);
});
