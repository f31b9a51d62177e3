import { join, resolve } from 'node:path';
import { parse } from 'shell-quote';
import { EnvError } from '../env-error';
import { projectRoot } from '../project-root';

/** Scheduled backups, from BACKUP_DIR, BACKUP_INTERVAL, BACKUP_KEEP and BACKUP_COMMAND. */
export interface BackupSettings {
  /** Where scheduled (and `candor backup`'s default) backups are written: absolute. */
  dir: string;
  /** How often one backup is taken among all instances of a database; null = BACKUP_INTERVAL=off. */
  intervalMs: number | null;
  /** How many backups the schedule keeps in `dir` (the newest). */
  keep: number;
  /** BACKUP_COMMAND split into words (no shell runs it); `{file}` is the new backup's path, else it is appended. */
  command: string[] | null;
}

export const DEFAULT_BACKUP_INTERVAL = '6h';
export const DEFAULT_BACKUP_KEEP = 14;
export const FILE_PLACEHOLDER = '{file}';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_INTERVAL_MS = 366 * UNIT_MS.d;

/** "6h", "30m", "1d", "90s" (a whole number and one unit), or "off". */
export function parseBackupInterval(raw: string | undefined): number | null {
  const text = (raw ?? DEFAULT_BACKUP_INTERVAL).trim().toLowerCase();
  if (text === 'off') return null;
  const m = /^(\d{1,6})\s*([smhd])$/.exec(text);
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : NaN;
  if (!m || ms < UNIT_MS.s || ms > MAX_INTERVAL_MS) {
    throw new EnvError('BACKUP_INTERVAL', `"${raw}" is not an interval: use a whole number and a unit, s, m, h or d (e.g. 6h, 30m, 1d; at most 366d), or off (default ${DEFAULT_BACKUP_INTERVAL})`);
  }
  return ms;
}

function parseKeep(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_BACKUP_KEEP;
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 10_000) throw new EnvError('BACKUP_KEEP', `"${raw}" is not a number of backups to keep from 1 to 10000 (default ${DEFAULT_BACKUP_KEEP})`);
  return n;
}

/**
 * Split like a shell splits words (quotes, backslashes, $VARIABLES from the environment), but
 * nothing else of a shell: pipes, redirections, `;`, globs and comments are refused, so the path
 * handed to the command can never be read as shell syntax.
 */
export function parseBackupCommand(raw: string | undefined, source: Record<string, string | undefined>): string[] | null {
  if (raw === undefined) return null;
  const unset: string[] = [];
  const words = parse(raw, (name: string) => {
    const value = source[name];
    if (value === undefined) unset.push(name);
    return value ?? '';
  });
  if (unset.length > 0) throw new EnvError('BACKUP_COMMAND', `uses $${unset[0]}, which is not set`);
  const syntax = words.find((w) => typeof w !== 'string');
  if (syntax !== undefined) {
    const what = 'op' in syntax ? (syntax.op === 'glob' ? `the pattern ${syntax.pattern}` : `"${syntax.op}"`) : 'a comment (#)';
    throw new EnvError('BACKUP_COMMAND', `contains ${what}: the command runs without a shell, so pipes, redirections, ; && || globs and comments are not allowed (put them in a script and name the script)`);
  }
  const argv = words as string[];
  if (argv.length === 0 || argv[0] === '') throw new EnvError('BACKUP_COMMAND', 'names no program');
  return argv;
}

/** The command line for one backup file: `{file}` words replaced, else the path added last. */
export function commandFor(command: string[], file: string): string[] {
  return command.includes(FILE_PLACEHOLDER) ? command.map((w) => (w === FILE_PLACEHOLDER ? file : w)) : [...command, file];
}

export function parseBackupSettings(
  v: { BACKUP_DIR?: string; BACKUP_INTERVAL?: string; BACKUP_KEEP?: string; BACKUP_COMMAND?: string },
  dataDir: string,
  source: Record<string, string | undefined>,
): BackupSettings {
  return {
    dir: v.BACKUP_DIR === undefined ? join(dataDir, 'backups') : resolve(projectRoot(), v.BACKUP_DIR),
    intervalMs: parseBackupInterval(v.BACKUP_INTERVAL),
    keep: parseKeep(v.BACKUP_KEEP),
    command: parseBackupCommand(v.BACKUP_COMMAND, source),
  };
}
