import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { systemActor } from '@/lib/server/actor';
import { writeAudit } from '@/lib/server/audit';
import { readBackup } from '@/lib/server/backup/read-backup';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { candor } from '../helpers/cli';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/test-db';
import { addSubscribers, createScenario, waitFor } from './notify-fixtures';

// A backup taken while a 10,000-subscriber notice is being sent, and while another writer keeps two
// tables in step in one transaction after another, holds one instant of the database: the tables
// agree with each other, although both kept changing while the backup was read.

const AUDIENCE = 10_000;

describe.each(DATABASE_KINDS)('a backup during a send on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  let worker: RunningWorker | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'candor-consistent-'));
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 100 });
    installTransport(sink.url);
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await closeTransport();
    await sink?.stop();
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds counts from one instant', async () => {
    const s = await createScenario(t.handle.db);
    await addSubscribers(t.handle.db, Array.from({ length: AUDIENCE }, (_, i) => ({ email: `reader${i}@example.com` })));
    const notice = await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: s.incidentId, kind: 'update', actor: systemActor }));
    // Slow enough that the send outlasts the backup's read.
    worker = await startWorker({ pollMs: 100, concurrency: 8, domainRate: 0, rate: 150 });
    const sentNow = () => t.handle.db.delivery.count({ where: { noticeId: notice.id, status: 'sent' } });
    await waitFor('the send to be under way', async () => (await sentNow()) >= 200, 120_000);

    // Each tick writes an audit row and the tick counter in one transaction.
    let tick = 0;
    let ticking = true;
    const ticker = (async () => {
      while (ticking) {
        const n = ++tick;
        await t.handle.db.$transaction(async (tx) => {
          await writeAudit(tx, systemActor, { action: 'drill.tick', objectType: 'drill', objectId: String(n) });
          await tx.systemState.upsert({ where: { key: 'drill-tick' }, create: { key: 'drill-tick', value: String(n) }, update: { value: String(n) } });
        });
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await waitFor('a few ticks', () => tick >= 5);
    const file = join(dir, 'during-send.tar.gz');
    const made = await candor(['backup', '--out', file], { DATABASE_URL: t.url });
    const ticksAfter = tick;
    const sentAfter = await sentNow();
    ticking = false;
    await ticker;
    expect(made.code, made.stderr).toBe(0);

    const deliveries: Record<string, number> = {};
    let counter = 0;
    const ticks: number[] = [];
    let row: Record<string, unknown> | undefined;
    await readBackup(file, async (table, rows) => {
      for await (const r of rows) {
        if (table.name === 'Delivery' && r.noticeId === notice.id) deliveries[String(r.status)] = (deliveries[String(r.status)] ?? 0) + 1;
        if (table.name === 'SystemState' && r.key === 'drill-tick') counter = Number(r.value);
        if (table.name === 'AuditLog' && r.action === 'drill.tick') ticks.push(Number(r.objectId));
        if (table.name === 'Notice' && r.id === notice.id) row = r;
      }
    });
    // The ticker's two tables agree: every tick up to the counter, and none after it.
    expect(counter).toBeGreaterThan(0);
    expect(ticks.sort((a, b) => a - b)).toEqual(Array.from({ length: counter }, (_, i) => i + 1));
    // Both kept changing while the backup was read, so a table-by-table read would have disagreed.
    expect(ticksAfter).toBeGreaterThan(counter);
    const sent = deliveries.sent ?? 0;
    expect(sentAfter).toBeGreaterThan(sent);

    // The send, as of that instant: under way, every addressee has exactly one row, and the rows add up.
    expect(row?.status).toBe('sending');
    expect(row?.audienceCount).toBe(AUDIENCE);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(AUDIENCE);
    expect(Object.values(deliveries).reduce((a, b) => a + b, 0)).toBe(AUDIENCE);
    expect(Object.keys(deliveries).every((st) => ['pending', 'sending', 'sent'].includes(st))).toBe(true);
  }, 400_000);
});
