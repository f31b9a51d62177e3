import type { Command } from '../command';

const label = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

export const doctorCommand: Command = {
  path: ['doctor'],
  summary: 'Check the configuration, database, migrations, SMTP, the SMSC and data folder',
  help: `Usage: candor doctor

Checks, one line each, and says what to do about anything wrong:
  environment   DATABASE_URL, PORT, PUBLIC_URL, SMTP_URL and the rest are valid
  database      the database can be reached (PostgreSQL) or opened (SQLite)
  migrations    pending, up to date, or migrated by a newer Candor
  data folder   the SQLite file's folder is writable (SQLite only)
  mail delivery no worker has paused sending
  text messages no texts wait because a worker cannot use the SMSC
  backups       the last verified backup is not older than twice
                BACKUP_INTERVAL, and BACKUP_COMMAND did not fail last time
                (warns; also when scheduled backups are off)
  backup folder BACKUP_DIR is writable (with scheduled backups on)
  smtp          SMTP_URL accepts a connection (or the local sink is used)
  smsc          SMS_URL accepts our bind (or the local SMS outbox is used)

Exits 1 when any check fails (WARN lines do not fail).`,
  async run() {
    // Loaded when the command runs: `candor --help` and the other commands do not compile it.
    const { runDoctor } = await import('@/lib/server/doctor/run-doctor');
    const checks = await runDoctor(process.env);
    const width = Math.max(...checks.map((c) => c.name.length));
    for (const c of checks) {
      console.log(`${label[c.level]}  ${c.name.padEnd(width)}  ${c.message}`);
      if (c.fix && c.level !== 'ok') console.log(`${' '.repeat(width + 8)}-> ${c.fix}`);
    }
    const failed = checks.filter((c) => c.level === 'fail');
    console.log(failed.length === 0 ? '\nAll checks passed.' : `\n${failed.length} check(s) failed: ${failed.map((c) => c.name).join(', ')}.`);
    return failed.length === 0 ? 0 : 1;
  },
};
