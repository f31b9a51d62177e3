import { describe, expect, it } from 'vitest';
import { BACKUP_SCHEDULE, backupFreshness, claimBackup, effectiveInterval, finishBackup, formatInterval, initialSchedule, markSeen, prunable, releaseLease, renewLease } from '@/lib/domain/backup-schedule';
import { commandFor, parseBackupCommand, parseBackupInterval } from '@/lib/server/backup/backup-settings';
import { EnvError, readEnv } from '@/lib/server/env';

const HOUR = 3_600_000;
const t0 = new Date('2026-11-30T00:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const LEASE = BACKUP_SCHEDULE.leaseMs(6 * HOUR);

describe('the backup schedule', () => {
  it('gives a due backup to one claimant: a second claim on the claimed state is refused', () => {
    const state = initialSchedule(t0);
    const a = claimBackup(state, 'a', t0, LEASE);
    expect(a?.running?.holder).toBe('a');
    expect(claimBackup(a!, 'b', at(1000), LEASE)).toBeNull();
  });

  it('takes the next backup one interval after the last one started, not before', () => {
    const a = claimBackup(initialSchedule(t0), 'a', t0, LEASE)!;
    const done = finishBackup(a, 'a', at(60_000), { ok: true, file: 'f', message: null, intervalMs: 6 * HOUR })!;
    expect(done.dueAt).toBe(at(6 * HOUR).toISOString());
    expect(claimBackup(done, 'b', at(6 * HOUR - 1), LEASE)).toBeNull();
    expect(claimBackup(done, 'b', at(6 * HOUR), LEASE)?.running?.holder).toBe('b');
  });

  it("hands a killed instance's backup to another once its lease expires, and only then", () => {
    const a = claimBackup(initialSchedule(t0), 'a', t0, LEASE)!;
    expect(claimBackup(a, 'b', at(LEASE - 1), LEASE)).toBeNull();
    const b = claimBackup(a, 'b', at(LEASE + 1), LEASE);
    expect(b?.running?.holder).toBe('b');
    // The dead instance, were it to wake, can neither renew nor finish it.
    expect(renewLease(b!, 'a', at(LEASE + 2), LEASE)).toBeNull();
    expect(finishBackup(b!, 'a', at(LEASE + 2), { ok: true, file: 'f', message: null, intervalMs: HOUR })).toBeNull();
  });

  it('lets another instance take an abandoned backup at once, recording nothing; only the holder may give it up', () => {
    const a = claimBackup(initialSchedule(t0), 'a', t0, LEASE)!;
    expect(releaseLease(a, 'b')).toBeNull();
    const released = releaseLease(a, 'a')!;
    expect(released.running).toBeNull();
    expect(released.lastRun).toBeNull();
    expect(claimBackup(released, 'b', at(1000), LEASE)?.running?.holder).toBe('b');
  });

  it('keeps a renewed lease alive past its first expiry', () => {
    const a = claimBackup(initialSchedule(t0), 'a', t0, LEASE)!;
    const renewed = renewLease(a, 'a', at(LEASE - 1000), LEASE)!;
    expect(claimBackup(renewed, 'b', at(LEASE + 1000), LEASE)).toBeNull();
  });

  it('retries a failed backup after retryMs, or one interval if shorter', () => {
    const a = claimBackup(initialSchedule(t0), 'a', t0, LEASE)!;
    expect(finishBackup(a, 'a', t0, { ok: false, file: null, message: 'disk full', intervalMs: 6 * HOUR })!.dueAt).toBe(at(BACKUP_SCHEDULE.retryMs).toISOString());
    expect(finishBackup(a, 'a', t0, { ok: false, file: null, message: 'disk full', intervalMs: 5_000 })!.dueAt).toBe(at(5_000).toISOString());
  });

  it('calls backups stale past twice the interval, from the last success or, with none, from when scheduling began', () => {
    expect(backupFreshness({ intervalMs: HOUR, lastSuccessAt: t0, since: t0, now: at(2 * HOUR) }).state).toBe('fresh');
    expect(backupFreshness({ intervalMs: HOUR, lastSuccessAt: t0, since: t0, now: at(2 * HOUR + 1) }).state).toBe('stale');
    expect(backupFreshness({ intervalMs: HOUR, lastSuccessAt: null, since: t0, now: at(HOUR) }).state).toBe('pending');
    expect(backupFreshness({ intervalMs: HOUR, lastSuccessAt: null, since: t0, now: at(3 * HOUR) }).state).toBe('stale');
    expect(backupFreshness({ intervalMs: null, lastSuccessAt: null, since: t0, now: at(100 * HOUR) }).state).toBe('off');
  });

  it('prunes all but the newest BACKUP_KEEP, never the fresh one even when a name sorts after it', () => {
    const names = ['candor-backup-20261101T000000Z.tar.gz', 'candor-backup-20261102T000000Z.tar.gz', 'candor-backup-20261103T000000Z.tar.gz', 'candor-backup-20261104T000000Z.tar.gz'];
    expect(prunable(names, 2, names[3]!)).toEqual([names[1], names[0]]);
    expect(prunable(names, 1, names[0]!)).toEqual([names[3], names[2], names[1]]);
    expect(prunable(names, 10, names[3]!)).toEqual([]);
  });

  it('leases for one interval, from 10 s to 2 minutes, renewed six times a lease', () => {
    expect(BACKUP_SCHEDULE.leaseMs(6 * HOUR)).toBe(120_000);
    expect(BACKUP_SCHEDULE.leaseMs(30_000)).toBe(30_000);
    expect(BACKUP_SCHEDULE.leaseMs(2_000)).toBe(10_000);
    expect(BACKUP_SCHEDULE.renewEveryMs(6 * HOUR)).toBe(20_000);
  });

  it('lets an instance with BACKUP_INTERVAL=off judge backups by a scheduler seen lately, and by none once it is gone', () => {
    const state = initialSchedule(t0, 6 * HOUR);
    expect(markSeen(state, at(60_000), 6 * HOUR)).toBeNull();
    const seen = markSeen(state, at(5 * 60_000), 6 * HOUR)!;
    expect(seen.seen).toEqual({ at: at(5 * 60_000).toISOString(), intervalMs: 6 * HOUR });
    expect(effectiveInterval(HOUR, seen, at(0))).toBe(HOUR);
    expect(effectiveInterval(null, seen, at(20 * 60_000))).toBe(6 * HOUR);
    expect(effectiveInterval(null, seen, at(22 * 60_000))).toBeNull();
    expect(effectiveInterval(null, initialSchedule(t0), t0)).toBeNull();
  });

  it('writes intervals as BACKUP_INTERVAL does', () => {
    expect(formatInterval(6 * HOUR)).toBe('6h');
    expect(formatInterval(36 * HOUR)).toBe('1d 12h');
  });
});

describe('BACKUP_* variables', () => {
  it('default to a backup every 6 hours into backups/ of the data folder, keeping 14, with no command', () => {
    const e = readEnv({ CANDOR_DATA_DIR: '/srv/candor' });
    expect(e.backup).toEqual({ dir: '/srv/candor/backups', intervalMs: 6 * HOUR, keep: 14, command: null });
  });

  it('read intervals with a unit, and off', () => {
    expect(parseBackupInterval('30m')).toBe(30 * 60_000);
    expect(parseBackupInterval('1d')).toBe(24 * HOUR);
    expect(parseBackupInterval(' 3S ')).toBe(3_000);
    expect(parseBackupInterval('off')).toBeNull();
  });

  it.each(['6', '6 hours', '1.5h', '0s', '-1h', '400d', 'sometimes'])('refuse BACKUP_INTERVAL=%s naming the variable', (raw) => {
    expect(() => readEnv({ BACKUP_INTERVAL: raw })).toThrow(EnvError);
    expect(() => readEnv({ BACKUP_INTERVAL: raw })).toThrow(/^BACKUP_INTERVAL: ".*" is not an interval: use a whole number and a unit/);
  });

  it.each(['0', '-2', 'many', '2.5'])('refuse BACKUP_KEEP=%s', (raw) => {
    expect(() => readEnv({ BACKUP_KEEP: raw })).toThrow(/^BACKUP_KEEP: /);
  });

  it('split BACKUP_COMMAND into words without a shell, {file} standing for the new backup', () => {
    const argv = parseBackupCommand(`rclone copy {file} "remote:candor backups" --config=$HOME/r.conf`, { HOME: '/home/c' })!;
    expect(argv).toEqual(['rclone', 'copy', '{file}', 'remote:candor backups', '--config=/home/c/r.conf']);
    expect(commandFor(argv, '/b/x; rm -rf /.tar.gz')).toEqual(['rclone', 'copy', '/b/x; rm -rf /.tar.gz', 'remote:candor backups', '--config=/home/c/r.conf']);
    expect(commandFor(['ship'], '/b/x.tar.gz')).toEqual(['ship', '/b/x.tar.gz']);
  });

  it.each([
    ['ship | tee log', /contains "\|"/],
    ['ship > /tmp/log', /contains ">"/],
    ['ship; reboot', /contains ";"/],
    ['ship *.gz', /the pattern \*\.gz/],
    ['ship $NOPE', /uses \$NOPE, which is not set/],
  ])('refuse BACKUP_COMMAND=%s', (raw, message) => {
    expect(() => readEnv({ BACKUP_COMMAND: raw })).toThrow(message);
    expect(() => readEnv({ BACKUP_COMMAND: raw })).toThrow(/^BACKUP_COMMAND: /);
  });
});
