import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { ENV_VARIABLES, EnvError, readEnv, redact, type Env } from '../env';
import { sqliteFilePath } from '../sqlite-path';
import { readMigrationState } from './migration-state';
import { mailPauseCheck } from './mail-pause-check';
import { backupCheck } from './backup-check';
import { smscCheck, smsWaitingCheck } from './sms-checks';

export interface Check {
  name: string;
  level: 'ok' | 'warn' | 'fail';
  message: string;
  /** What to do about it. */
  fix?: string;
}

type Source = Record<string, string | undefined>;

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Checks some of Candor's variables on their own, so a bad PORT does not hide what is wrong with the database. */
function readSome(source: Source, variables: string[]): Env | EnvError {
  try {
    // Other variables stay: BACKUP_COMMAND may name them ($HOME).
    return readEnv(Object.fromEntries(Object.entries(source).filter(([k]) => variables.includes(k) || !ENV_VARIABLES.includes(k))));
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
}

function environmentCheck(source: Source): Check {
  try {
    const e = readEnv(source);
    const parts = [`DATABASE_URL ${redact(e.databaseUrl)} (${e.databaseKind})`, `PORT ${e.port}`, `PUBLIC_URL ${e.publicUrl ?? `unset (links use http://localhost:${e.port})`}`];
    return { name: 'environment', level: 'ok', message: parts.join(', ') };
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    return { name: 'environment', level: 'fail', message: error.message, fix: `correct ${error.variable}, or unset it to use the default (see README, Configuration)` };
  }
}

async function databaseChecks(url: string, kind: Env['databaseKind'], backup: Env['backup'] | null): Promise<Check[]> {
  const shown = redact(url);
  let state;
  try {
    state = await readMigrationState(url);
  } catch (error) {
    const fix =
      kind === 'postgresql'
        ? 'check that PostgreSQL is running and that the host, port, user, password and database name in DATABASE_URL are right (the database must exist: createdb <name>)'
        : 'check that DATABASE_URL points at a Candor SQLite file, or move the file away to start afresh';
    return [{ name: 'database', level: 'fail', message: `cannot open DATABASE_URL ${shown}: ${firstLine(error)}`, fix }];
  }
  const checks: Check[] = [];
  const file = kind === 'sqlite' ? sqliteFilePath(url) : null;
  const missingFile = file !== null && file !== ':memory:' && !existsSync(file);
  checks.push({ name: 'database', level: 'ok', message: missingFile ? `${shown}: no database file yet; \`candor start\` or \`candor migrate\` creates it` : `${shown} is reachable` });
  switch (state.state) {
    case 'up_to_date':
      checks.push({ name: 'migrations', level: 'ok', message: `up to date (${state.total} migration(s))` });
      checks.push(await mailPauseCheck(url, kind));
      checks.push(await smsWaitingCheck(url, kind));
      if (backup) checks.push(await backupCheck(url, kind, backup));
      break;
    case 'missing':
    case 'pending':
      checks.push({ name: 'migrations', level: 'warn', message: `${state.pending.length} of ${state.total} migration(s) pending: ${state.pending.join(', ')}`, fix: '`candor start` applies them; or run `candor migrate` now' });
      break;
    case 'newer':
      checks.push({ name: 'migrations', level: 'fail', message: `the database was migrated by a newer version of Candor (${state.unknown.join(', ')})`, fix: 'upgrade Candor, or point DATABASE_URL at another database' });
      break;
    case 'failed':
      checks.push({ name: 'migrations', level: 'fail', message: `migration(s) failed part-way: ${state.failed.join(', ')}`, fix: 'restore the database from a backup, or drop it and let Candor create it again' });
      break;
  }
  return checks;
}

async function smtpCheck(smtpUrl: string | undefined, timeoutMs: number): Promise<Check> {
  if (!smtpUrl) return { name: 'smtp', level: 'ok', message: 'SMTP_URL is not set: the built-in local sink will be used (mail is kept for the console, nothing leaves this machine)' };
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  try {
    await transport.verify();
    return { name: 'smtp', level: 'ok', message: `${redact(smtpUrl)} accepted a connection` };
  } catch (error) {
    return { name: 'smtp', level: 'fail', message: `${redact(smtpUrl)} is unreachable or refused us: ${firstLine(error)}`, fix: 'check the host, port, user and password in SMTP_URL (smtp://user:pass@host:587 or smtps://host:465), or unset it to use the local sink' };
  } finally {
    transport.close();
  }
}

/** Whether `dir` is writable, or can be created: tried in its nearest existing folder, leaving nothing behind. */
function writableCheck(name: string, dir: string, fix: string): Check {
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    rmSync(mkdtempSync(join(existing, '.candor-doctor-')), { recursive: true, force: true });
    return { name, level: 'ok', message: existing === dir ? `${dir} is writable` : `${dir} will be created (${existing} is writable)` };
  } catch (error) {
    return { name, level: 'fail', message: `${existing} is not writable: ${firstLine(error)}`, fix };
  }
}

/** CANDOR_DATA_DIR, and a SQLite file's folder kept elsewhere (its journal and WAL live beside it). */
function dataDirChecks(e: Env): Check[] {
  const checks = [writableCheck('data folder', e.dataDir, `give the user running Candor write access to ${e.dataDir}, or set CANDOR_DATA_DIR to a folder it can write`)];
  const file = e.databaseKind === 'sqlite' ? sqliteFilePath(e.databaseUrl) : ':memory:';
  const folder = file === ':memory:' ? e.dataDir : dirname(resolve(file));
  if (folder !== e.dataDir) checks.push(writableCheck('database folder', folder, `give the user running Candor write access to ${folder}, or set DATABASE_URL to a file elsewhere`));
  return checks;
}

/** Every check `candor doctor` runs, in order. A failing variable skips only the checks that need it. */
export async function runDoctor(source: Source = process.env, { smtpTimeoutMs = 5_000, smscTimeoutMs = 10_000 } = {}): Promise<Check[]> {
  const checks: Check[] = [environmentCheck(source)];
  const database = readSome(source, ['DATABASE_URL', 'CANDOR_DATA_DIR']);
  if (database instanceof EnvError) {
    checks.push({ name: 'database', level: 'fail', message: 'not checked: DATABASE_URL is invalid', fix: 'correct DATABASE_URL first' });
  } else {
    const backups = readSome(source, ['DATABASE_URL', 'CANDOR_DATA_DIR', 'BACKUP_DIR', 'BACKUP_INTERVAL', 'BACKUP_KEEP', 'BACKUP_COMMAND']);
    const backup = backups instanceof EnvError ? null : backups.backup;
    checks.push(...(await databaseChecks(database.databaseUrl, database.databaseKind, backup)));
    checks.push(...dataDirChecks(database));
    if (backup && backup.intervalMs !== null) {
      checks.push(writableCheck('backup folder', backup.dir, `give the user running Candor write access to ${backup.dir}, or set BACKUP_DIR to a folder it can write (or BACKUP_INTERVAL=off)`));
    }
  }
  const smtp = readSome(source, ['SMTP_URL']);
  checks.push(smtp instanceof EnvError ? { name: 'smtp', level: 'fail', message: 'not checked: SMTP_URL is invalid', fix: 'correct SMTP_URL first' } : await smtpCheck(smtp.smtpUrl, smtpTimeoutMs));
  const sms = readSome(source, ['SMS_URL']);
  checks.push(sms instanceof EnvError ? { name: 'smsc', level: 'fail', message: 'not checked: SMS_URL is invalid', fix: 'correct SMS_URL first' } : await smscCheck(sms.sms, smscTimeoutMs));
  return checks;
}
