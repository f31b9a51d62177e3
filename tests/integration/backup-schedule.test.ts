import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { startBackupScheduler } from '@/lib/server/backup/backup-service';
import type { BackupSettings } from '@/lib/server/backup/backup-settings';
import { BACKUP_NAME } from '@/lib/server/backup/prune-backups';
import { readSchedule } from '@/lib/server/backup/schedule-state';
import { backupStatus } from '@/lib/server/backup/backup-status';
import type { ScheduledRun } from '@/lib/server/backup/run-scheduled-backup';
import { runScheduledBackup } from '@/lib/server/backup/run-scheduled-backup';
import { verifyBackup } from '@/lib/server/backup/verify-backup';
import { backupCheck } from '@/lib/server/doctor/backup-check';
import { renderMetrics } from '@/lib/server/metrics/registry';
import { createUser } from '@/lib/server/users/create-user';
import { parseExposition } from '../helpers/prometheus-text';
import { until } from '../helpers/spawned-candor';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// The schedule inside one process, on SQLite: it backs up on time, prunes to BACKUP_KEEP, runs
// BACKUP_COMMAND with each new file, and reports a failing command in the log, the schedule's row,
// the metrics and `candor doctor`.

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const node = process.execPath;
// "Ships" a backup: copies it into the folder named by the second argument.
const SHIP = `const fs=require('fs'),p=require('path');fs.copyFileSync(process.argv[1],p.join(process.argv[2],p.basename(process.argv[1])))`;

describe('scheduled backups in one process (SQLite)', () => {
  let scratch: string;
  let t: TestDatabase;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'candor-schedule-'));
    t = await createTestDatabase('sqlite');
    t.install();
    await createUser({ actor: cliActor, input: { email: 'admin@x.test', name: 'Admin', role: 'admin', password: 'long-enough-pw' } });
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('takes a backup each interval, ships each with BACKUP_COMMAND, and keeps the newest BACKUP_KEEP', async () => {
    const dir = join(scratch, 'backups');
    const remote = join(scratch, 'remote');
    mkdirSync(dir);
    mkdirSync(remote);
    writeFileSync(join(dir, 'notes.txt'), 'not a backup');
    const settings: BackupSettings = { dir, intervalMs: 1_000, keep: 2, command: [node, '-e', SHIP, '{file}', remote] };
    const runs: ScheduledRun[] = [];
    const lines: string[] = [];
    const scheduler = startBackupScheduler({ env: { backup: settings }, log: (line) => lines.push(line), onRun: (run) => runs.push(run) });
    try {
      await until('four scheduled backups', async () => runs.length >= 4, 45_000);
    } finally {
      await scheduler.stop();
    }
    expect(runs.every((r) => r.ok && r.command?.ok), lines.join('\n')).toBe(true);
    const made = runs.map((r) => basename(r.file!));
    expect(new Set(made).size).toBe(runs.length);

    // Kept: the two newest; the rest deleted with an audit row each; other files untouched.
    const kept = readdirSync(dir).filter((n) => BACKUP_NAME.test(n)).sort();
    expect(kept).toEqual([...made].sort().slice(-2));
    expect(readdirSync(dir)).toContain('notes.txt');
    const pruned = await t.handle.db.auditLog.findMany({ where: { action: 'backup.prune' } });
    expect(pruned.map((a) => a.objectId).sort()).toEqual([...made].sort().slice(0, made.length - 2));
    for (const name of kept) await expect(verifyBackup(join(dir, name))).resolves.toBeTruthy();
    // They hold the instance secret: only their owner may read them.
    for (const name of kept) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);

    // Every backup went through the command, byte for byte, including those since pruned here.
    expect(readdirSync(remote).sort()).toEqual([...made].sort());
    for (const name of kept) expect(sha(join(remote, name))).toBe(sha(join(dir, name)));
    const created = await t.handle.db.auditLog.count({ where: { action: 'backup.create', actorType: 'system' } });
    expect(created).toBe(runs.length);

    const state = (await readSchedule(t.handle))!.state;
    expect(state.running).toBeNull();
    expect(state.lastRun).toMatchObject({ ok: true, holder: scheduler.holder });
    expect(state.command).toMatchObject({ ok: true, exitCode: 0 });
    // Doctor judged by an interval the slow machine cannot outrun (with 1 s, the last backup is soon overdue).
    const doctor = await backupCheck(t.url, 'sqlite', { ...settings, intervalMs: 3_600_000 });
    expect(doctor.level, doctor.message).toBe('ok');

    // An instance with BACKUP_INTERVAL=off (a web process, say) judges by the scheduler it sees...
    const elsewhere = await backupStatus(t.handle, { intervalMs: null });
    expect(elsewhere).toMatchObject({ intervalMs: 1_000, scheduledElsewhere: true });
    expect(elsewhere.last?.file).toBe(join(dir, kept[1]!));
    // ...and, once no scheduler has been seen for a while, says backups are off.
    const later = await backupStatus(t.handle, { intervalMs: null }, new Date(Date.now() + 3_600_000));
    expect(later).toMatchObject({ intervalMs: null, scheduledElsewhere: false, freshness: { state: 'off' } });
  }, 60_000);

  it('reports a failing BACKUP_COMMAND with its exit code and stderr, and keeps the backup', async () => {
    const dir = join(scratch, 'failing');
    const fail = `process.stderr.write('upload: AccessDenied for bucket candor-backups\\n');process.exit(3)`;
    const settings = { dir, intervalMs: 3_600_000, keep: 5, command: [node, '-e', fail] };
    const before = await failures('command');
    const lines: { line: string; level?: string }[] = [];
    // Make the next backup due now.
    const stored = await readSchedule(t.handle);
    if (stored) await t.handle.db.systemState.update({ where: { key: 'backup_schedule' }, data: { value: JSON.stringify({ ...stored.state, dueAt: new Date().toISOString() }) } });

    const run = await runScheduledBackup({ handle: t.handle, settings, holder: 'test-holder', log: (line, level) => lines.push({ line, level }) });
    expect(run).not.toBeNull();
    expect(run!.ok).toBe(true);
    await expect(verifyBackup(run!.file!)).resolves.toBeTruthy();
    expect(run!.command).toMatchObject({ ok: false, exitCode: 3, stderrTail: 'upload: AccessDenied for bucket candor-backups' });
    expect(run!.command!.message).toContain('exited 3: upload: AccessDenied');

    // Log, metrics, the shared row (console and /api/health read it) and doctor all say so.
    expect(lines.find((l) => l.level === 'error')?.line).toMatch(/BACKUP_COMMAND failed for .*exited 3: upload: AccessDenied/);
    expect(await failures('command')).toBe(before + 1);
    expect((await readSchedule(t.handle))!.state.command).toMatchObject({ ok: false, exitCode: 3 });
    const doctor = await backupCheck(t.url, 'sqlite', settings);
    expect(doctor.level).toBe('warn');
    expect(doctor.message).toMatch(/^BACKUP_COMMAND failed at .* exited 3: upload: AccessDenied/);

    // The next is due an interval after this one started: another instance now gets nothing to do.
    expect(await runScheduledBackup({ handle: t.handle, settings, holder: 'other', log: () => undefined })).toBeNull();
  }, 60_000);
});

async function failures(stage: string): Promise<number> {
  const family = parseExposition((await renderMetrics()).body).get('candor_backup_failures_total');
  return family?.samples.find((s) => s.labels.stage === stage)?.value ?? 0;
}
