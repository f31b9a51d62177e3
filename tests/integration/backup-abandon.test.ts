import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { startBackupScheduler } from '@/lib/server/backup/backup-service';
import { createBackup } from '@/lib/server/backup/create-backup';
import { readSchedule } from '@/lib/server/backup/schedule-state';
import { verifyBackup } from '@/lib/server/backup/verify-backup';
import { seedSubscribers } from '../helpers/bulk-subscribers';
import { until } from '../helpers/spawned-candor';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Stopping while a scheduled backup is under way (it runs in a worker thread): the thread is
// terminated, its work files removed, the lease given up with nothing recorded, and the backup
// taken before is untouched and still verifies.

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('stopping during a scheduled backup (SQLite, 60,000 subscribers)', () => {
  let scratch: string;
  let t: TestDatabase;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'candor-abandon-'));
    t = await createTestDatabase('sqlite');
    t.install();
    await seedSubscribers(t, 60_000);
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('abandons it at once and leaves only the earlier, verified backup', async () => {
    const dir = join(scratch, 'backups');
    mkdirSync(dir);
    const earlier = await createBackup({ handle: t.handle, out: join(dir, 'candor-backup-20261101T000000Z.tar.gz'), actor: cliActor });
    const before = sha(earlier.file);
    const lines: string[] = [];
    const scheduler = startBackupScheduler({ env: { backup: { dir, intervalMs: 1_000, keep: 5, command: null } }, log: (line) => lines.push(line) });
    let stopMs = 0;
    try {
      // The control: a backup is under way (its work files are there and the lease is held).
      await until('a backup under way', async () => readdirSync(dir).some((n) => n.startsWith('.')) && (await readSchedule(t.handle))?.state.running, 30_000);
    } finally {
      const stopping = Date.now();
      await scheduler.stop();
      stopMs = Date.now() - stopping;
    }
    expect(stopMs).toBeLessThan(5_000);
    expect(lines.join('\n')).toMatch(/backup: stopping while a backup is in progress; it is abandoned/);
    expect(readdirSync(dir)).toEqual([basename(earlier.file)]);
    expect(sha(earlier.file)).toBe(before);
    await expect(verifyBackup(earlier.file)).resolves.toBeTruthy();
    const state = (await readSchedule(t.handle))!.state;
    expect(state.running).toBeNull();
    expect(state.lastRun).toBeNull();
  }, 60_000);
});
