import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import type { BackupHealth } from '@/lib/server/health/check-health';
import { createSession } from '@/lib/server/sessions/create-session';
import { SESSION_COOKIE } from '@/lib/server/sessions/session-policy';
import { createUser } from '@/lib/server/users/create-user';
import { candor } from '../helpers/cli';
import { parseExposition } from '../helpers/prometheus-text';
import { BUILT, freePort, startCandor, until, type StartedCandor } from '../helpers/spawned-candor';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// `candor start` with a short BACKUP_INTERVAL and a BACKUP_COMMAND that fails: the console's
// Backups page, /api/health, the metrics and the banner show the last verified backup and the
// failed command; then the backup folder breaks, and once the last good backup is older than twice
// the interval, the banner, /api/health, the metrics and `candor doctor` all say backups are overdue.
// Needs `npm run build`.

const TOKEN = 'backup-metrics-token-0123456789';
const decode = (html: string) => html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/<!-- -->/g, '');

describe.skipIf(!BUILT)('seeing scheduled backups (candor start, SQLite)', () => {
  let scratch: string;
  let t: TestDatabase;
  let app: StartedCandor;
  let cookie = '';
  let env: Record<string, string> = {};
  const backupDir = () => join(scratch, 'backups');

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'candor-see-backups-'));
    t = await createTestDatabase('sqlite');
    t.install();
    const u = await createUser({ actor: cliActor, input: { email: 'viewer@x.test', name: 'Viewer', role: 'viewer', password: 'long-enough-pw' } });
    const session = await t.handle.db.$transaction((tx) => createSession(tx, { userId: u.id, verified: true }));
    cookie = `${SESSION_COOKIE}=${session.token}`;
    env = {
      DATABASE_URL: t.url,
      CANDOR_DATA_DIR: join(scratch, 'data'),
      CANDOR_WORKER: 'off',
      BACKUP_DIR: backupDir(),
      BACKUP_INTERVAL: '5s',
      BACKUP_COMMAND: `${process.execPath} -e "process.stderr.write('rclone: 403 Forbidden on remote candor');process.exit(2)"`,
      METRICS_TOKEN: TOKEN,
    };
    app = startCandor(await freePort(), env);
    await until('candor start', async () => (await fetch(`${app.base}/api/health`)).status === 200, 90_000, app);
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await t?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const health = async () => ((await (await fetch(`${app.base}/api/health`)).json()) as { status: string; backup: BackupHealth }).backup;
  const page = async (path: string) => {
    const res = await fetch(`${app.base}${path}`, { headers: { cookie }, redirect: 'manual' });
    expect(res.status, app.output().slice(-2000)).toBe(200);
    return decode(await res.text());
  };
  const metrics = async () => parseExposition(await (await fetch(`${app.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text());
  const value = (m: Awaited<ReturnType<typeof metrics>>, name: string, labels: Record<string, string> = {}) =>
    m.get(name)?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

  it('shows the last verified backup, the next one, and the failed BACKUP_COMMAND with its stderr', async () => {
    const h = await until('a scheduled backup and its command', async () => {
      const b = await health();
      return b.last && b.command ? b : null;
    }, 45_000, app);
    expect(h).toMatchObject({ status: 'ok', intervalSeconds: 5, last: { verified: true }, command: { ok: false, exitCode: 2 } });
    expect(h.warnings).toEqual([expect.stringMatching(/^BACKUP_COMMAND failed at .* \(exit code 2\); details on the console's Backups page\.$/)]);
    // Anyone may read /api/health: the folder and the command's output are for staff only.
    const anonymous = await (await fetch(`${app.base}/api/health`)).text();
    expect(anonymous).not.toContain(backupDir());
    expect(anonymous).not.toContain('403 Forbidden');
    expect(h.nextAt).not.toBeNull();

    const html = await page('/admin/backups');
    expect(html).toContain('Up to date');
    expect(html.replace(/<[^>]+>/g, '')).toMatch(/Last successful backup\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC, [\d.]+ KB, verified \(/);
    expect(html).toContain('Next scheduled');
    expect(html).toContain('rclone: 403 Forbidden on remote candor');
    // The command's arguments are not shown (they may hold credentials): only its program.
    expect(html).toContain(`<code>${process.execPath} …</code>`);
    expect(html).not.toContain('process.exit(2)');
    // The banner on every console page: the command failed, but backups are not overdue.
    const incidents = await page('/admin/incidents');
    expect(incidents).toContain('data-testid="backup-warning"');
    expect(incidents).toContain('BACKUP_COMMAND failed');
    expect(incidents).not.toContain('Backups are overdue');

    const m = await metrics();
    expect(value(m, 'candor_backup_last_success_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(value(m, 'candor_backup_last_size_bytes')).toBeGreaterThan(0);
    expect(value(m, 'candor_backup_interval_seconds')).toBe(5);
    expect(value(m, 'candor_backup_stale')).toBe(0);
    expect(value(m, 'candor_backup_failures_total', { stage: 'command' })).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('warns in the banner, /api/health, the metrics and candor doctor once the last good backup is older than twice the interval', async () => {
    // The folder becomes a file: every backup from now on fails (moved, not deleted: a backup may be writing in it).
    renameSync(backupDir(), `${backupDir()}.moved`);
    writeFileSync(backupDir(), 'not a folder');
    const h = await until('backups to be overdue', async () => {
      const b = await health();
      return b.status === 'stale' ? b : null;
    }, 45_000, app);
    expect(h.warnings[0]).toMatch(/^Backups are overdue: the last good backup is from .* UTC, more than twice BACKUP_INTERVAL \(5s\) ago; details on the console's Backups page\.$/);

    const incidents = await page('/admin/incidents');
    expect(incidents).toContain('Backups are overdue: the last good backup is from');
    expect(incidents).toContain('the last attempt failed: cannot create the folder');

    // The gauges read the database at most every 5 s.
    const m = await until('the stale gauge', async () => {
      const scraped = await metrics();
      return value(scraped, 'candor_backup_stale') === 1 ? scraped : null;
    }, 15_000, app);
    expect(value(m, 'candor_backup_failures_total', { stage: 'backup' })).toBeGreaterThanOrEqual(1);

    const doctor = await candor(['doctor'], env);
    expect(doctor.stdout).toMatch(/WARN {2}backups +Backups are overdue: the last good backup is from /);
    expect(doctor.stdout).toMatch(/FAIL {2}backup folder +.* is not writable/);
    expect(doctor.code).toBe(1);
  }, 90_000);
});
