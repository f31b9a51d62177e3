import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_NAME } from '@/lib/server/backup/prune-backups';
import { candor } from '../helpers/cli';
import { spawnWatched, until, type SpawnedCommand } from '../helpers/spawned-candor';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Two `candor worker` processes (no web process) on one PostgreSQL database, each with its own
// BACKUP_DIR: between them they take one backup per BACKUP_INTERVAL, not one each. And the
// variables are checked at start: a bad interval or an unwritable folder stops Candor, named.

const INTERVAL_S = 4;

type Running = SpawnedCommand;
const worker = (env: Record<string, string>): Running => spawnWatched(['worker'], env);

async function stop(r: Running): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  const exited = new Promise((resolve) => r.child.once('exit', resolve));
  r.child.kill('SIGTERM');
  const timer = setTimeout(() => r.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

describe('scheduled backups across instances', () => {
  let scratch: string;
  let t: TestDatabase;
  const running: Running[] = [];

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'candor-instances-'));
    t = await createTestDatabase('postgresql');
  }, 60_000);
  afterAll(async () => {
    await Promise.all(running.map(stop));
    await t?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it(`two workers on one PostgreSQL take one backup per ${INTERVAL_S} s between them, not one each`, async () => {
    const dirs = [join(scratch, 'a'), join(scratch, 'b')];
    for (const dir of dirs) {
      running.push(worker({ DATABASE_URL: t.url, CANDOR_DATA_DIR: dir, BACKUP_DIR: join(dir, 'backups'), BACKUP_INTERVAL: `${INTERVAL_S}s`, BACKUP_KEEP: '100' }));
    }
    // Both schedulers run (the positive control: either could take every backup).
    for (const r of running) await until('the worker to schedule backups', async () => r.output().includes(`one backup every ${INTERVAL_S}s among all instances`), 45_000, r);
    const backups = async () =>
      (await t.handle.db.auditLog.findMany({ where: { action: 'backup.create' }, orderBy: { id: 'asc' } })).map((a) => JSON.parse(a.after!) as { file: string; takenAt: string });
    await until('four scheduled backups', async () => (await backups()).length >= 4, 40_000);
    await Promise.all(running.map(stop));

    const taken = await backups();
    const files = dirs.flatMap((dir) => readdirSync(join(dir, 'backups')).filter((n) => BACKUP_NAME.test(n)).map((n) => join(dir, 'backups', n)));
    // Each backup is in exactly one instance's folder, and no two were taken in the same interval.
    expect(files.sort()).toEqual(taken.map((b) => b.file).sort());
    const times = taken.map((b) => Date.parse(b.takenAt));
    const gaps = times.slice(1).map((ms, i) => ms - times[i]!);
    // A claim comes an interval after the previous one; the snapshot's own instant varies by the time each
    // backup takes to begin, so half an interval is the bound (one backup each would be well under a second apart).
    expect(Math.min(...gaps), `gaps ${gaps.join(', ')} ms`).toBeGreaterThan((INTERVAL_S / 2) * 1000);
  }, 90_000);

  it('refuses an invalid BACKUP_INTERVAL, in candor start and candor worker, naming it', async () => {
    for (const command of [['start', '--no-build'], ['worker']]) {
      const run = await candor(command, { DATABASE_URL: t.url, CANDOR_DATA_DIR: join(scratch, 'bad'), BACKUP_INTERVAL: 'every 6 hours' });
      expect(run.code, command.join(' ')).toBe(1);
      expect(run.stderr).toContain('candor: configuration error in BACKUP_INTERVAL: "every 6 hours" is not an interval: use a whole number and a unit, s, m, h or d (e.g. 6h, 30m, 1d; at most 366d), or off');
    }
  }, 60_000);

  it('refuses a BACKUP_DIR it cannot write, unless scheduled backups are off', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a folder');
    const unwritable = join(file, 'backups');
    const env = { DATABASE_URL: t.url, CANDOR_DATA_DIR: join(scratch, 'ok'), BACKUP_DIR: unwritable };
    mkdirSync(env.CANDOR_DATA_DIR);
    for (const command of [['start', '--no-build'], ['worker']]) {
      const run = await candor(command, env);
      expect(run.code, command.join(' ')).toBe(1);
      expect(run.stderr).toContain(`candor: configuration error in BACKUP_DIR: ${unwritable} cannot be written: ENOTDIR`);
      expect(run.stderr).toContain('Set BACKUP_DIR to a folder the user running Candor can write, or BACKUP_INTERVAL=off');
    }
    // The same folder with BACKUP_INTERVAL=off: the worker starts (and stops cleanly).
    const off = worker({ ...env, BACKUP_INTERVAL: 'off' });
    running.push(off);
    await until('the worker to start', async () => off.output().includes('running on'), 45_000, off);
    expect(off.output()).not.toContain('one backup every');
    await stop(off);
    expect(off.child.exitCode).toBe(0);
  }, 90_000);
});
