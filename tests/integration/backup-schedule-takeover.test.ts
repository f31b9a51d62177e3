import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_SCHEDULE } from '@/lib/domain/backup-schedule';
import { BACKUP_NAME } from '@/lib/server/backup/prune-backups';
import { readSchedule } from '@/lib/server/backup/schedule-state';
import { spawnWatched, until, type SpawnedCommand } from '../helpers/spawned-candor';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { seedSubscribers } from '../helpers/bulk-subscribers';

// kill -9 of the instance taking the scheduled backup: the other instance waits for the dead one's
// lease to expire (never takes a second backup meanwhile), then takes the backup over at once.

const INTERVAL_S = 10;
const BULK = 40_000;

interface Running extends SpawnedCommand {
  name: string;
}

const worker = (name: string, env: Record<string, string>): Running => ({ name, ...spawnWatched(['worker'], env) });

describe('a killed instance and the scheduled backup', () => {
  let scratch: string;
  let t: TestDatabase;
  const running: Running[] = [];

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'candor-takeover-'));
    t = await createTestDatabase('postgresql');
    // Enough rows that a backup lasts long enough to be caught in the middle.
    await seedSubscribers(t, BULK);
  }, 60_000);
  afterAll(async () => {
    for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await t?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is taken over by the other instance once the lease expires, not before', async () => {
    for (const name of ['a', 'b']) {
      const dir = join(scratch, name);
      running.push(worker(name, { DATABASE_URL: t.url, CANDOR_DATA_DIR: dir, BACKUP_DIR: join(dir, 'backups'), BACKUP_INTERVAL: `${INTERVAL_S}s` }));
    }
    for (const r of running) await until('the worker to schedule backups', async () => r.output().includes(`one backup every ${INTERVAL_S}s`), 45_000, r);
    const holding = await until('an instance to be taking a backup', async () => (await readSchedule(t.handle))?.state.running, 45_000);
    const victim = running.find((r) => holding.holder.split(':')[1] === String(r.child.pid))!;
    const survivor = running.find((r) => r !== victim)!;
    expect(victim, holding.holder).toBeDefined();
    victim.child.kill('SIGKILL');
    await new Promise((resolve) => victim.child.once('exit', resolve));
    // The last lease the dead instance wrote (it may have renewed once more before the kill took).
    const lease = (await readSchedule(t.handle))!.state.running!;
    expect(lease.holder).toBe(holding.holder);

    const taken = await until('the survivor to take the backup over', async () => {
      const rows = await t.handle.db.auditLog.findMany({ where: { action: 'backup.create' } });
      return rows.length > 0 ? rows.map((r) => JSON.parse(r.after!) as { file: string; takenAt: string }) : null;
    }, BACKUP_SCHEDULE.leaseMs(INTERVAL_S * 1000) + 45_000, survivor);

    expect(taken).toHaveLength(1);
    expect(taken[0]!.file.startsWith(join(scratch, survivor.name))).toBe(true);
    // Not before the dead instance's lease ran out, and then at once (it is due: it never finished).
    const after = Date.parse(taken[0]!.takenAt) - Date.parse(lease.leaseUntil);
    expect(after).toBeGreaterThanOrEqual(0);
    expect(after).toBeLessThan(15_000);
    // The dead run left no backup, only work files (the next run there removes them).
    expect(readdirSync(join(scratch, victim.name, 'backups')).filter((n) => BACKUP_NAME.test(n))).toEqual([]);
  }, 120_000);
});
