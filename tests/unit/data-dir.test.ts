import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { EnvError, readEnv } from '@/lib/server/env';
import { ensureDataDirWritable, snapshotFilePath, sqliteFilePath } from '@/lib/server/paths';

const root = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), 'candor-data-dir-'));
// As root (the tests here) file modes do not stop a write, but a path under a regular file always fails.
const file = join(scratch, 'a-file');
writeFileSync(file, 'not a folder');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('CANDOR_DATA_DIR', () => {
  it('defaults to ./data in Candor\'s folder, holding the default SQLite file where it always was', () => {
    const e = readEnv({});
    expect(e).toMatchObject({ dataDir: join(root, 'data'), dataDirSource: 'default', databaseUrl: `file:${join(root, 'data', 'candor.db')}` });
    expect(sqliteFilePath(e.databaseUrl)).toBe(sqliteFilePath('file:./data/candor.db'));
  });

  it('moves the default SQLite file with it, and is taken from Candor\'s folder when relative', () => {
    expect(readEnv({ CANDOR_DATA_DIR: '/srv/candor' })).toMatchObject({ dataDir: '/srv/candor', dataDirSource: 'CANDOR_DATA_DIR', databaseUrl: 'file:/srv/candor/candor.db', databaseKind: 'sqlite' });
    expect(readEnv({ CANDOR_DATA_DIR: 'state/' }).dataDir).toBe(join(root, 'state'));
    expect(readEnv({ CANDOR_DATA_DIR: ' ' }).dataDirSource).toBe('default');
  });

  it('leaves a DATABASE_URL that is set where it points', () => {
    expect(readEnv({ CANDOR_DATA_DIR: '/srv/candor', DATABASE_URL: 'file:/var/lib/db/candor.db' })).toMatchObject({ dataDir: '/srv/candor', databaseUrl: 'file:/var/lib/db/candor.db' });
    expect(readEnv({ CANDOR_DATA_DIR: '/srv/candor', DATABASE_URL: 'postgresql://u@127.0.0.1/db' })).toMatchObject({ dataDir: '/srv/candor', databaseKind: 'postgresql' });
  });

  it('unset, keeps the data beside a SQLite file named by DATABASE_URL (as before the variable), and in ./data for PostgreSQL', () => {
    expect(readEnv({ DATABASE_URL: 'file:/var/lib/db/candor.db' })).toMatchObject({ dataDir: '/var/lib/db', dataDirSource: 'DATABASE_URL' });
    expect(readEnv({ DATABASE_URL: 'file:./elsewhere/c.db' }).dataDir).toBe(join(root, 'elsewhere'));
    expect(readEnv({ DATABASE_URL: 'file::memory:' })).toMatchObject({ dataDir: join(root, 'data'), dataDirSource: 'default' });
    expect(readEnv({ DATABASE_URL: 'postgresql://u@127.0.0.1/db' })).toMatchObject({ dataDir: join(root, 'data'), dataDirSource: 'default' });
  });

  it('keeps one saved snapshot per database in the folder it is given, the password aside', () => {
    const a = 'postgresql://candor:secret@db.example.com:5432/candor';
    expect(snapshotFilePath(a, '/srv/candor')).toMatch(/^\/srv\/candor\/public-snapshot\.[0-9a-f]{16}\.json$/);
    expect(snapshotFilePath(a.replace('secret', 'rotated'), '/srv/candor')).toBe(snapshotFilePath(a, '/srv/candor'));
    expect(snapshotFilePath(a.replace('/candor', '/other'), '/srv/candor')).not.toBe(snapshotFilePath(a, '/srv/candor'));
  });
});

describe('the paths in the data folder', () => {
  /** lib/server/paths as a process with this environment sees it (env() is read once per process). */
  const pathsWith = async (vars: Record<string, string>) => {
    const saved = { ...process.env };
    delete process.env.DATABASE_URL;
    Object.assign(process.env, vars);
    vi.resetModules();
    try {
      const paths = await import('@/lib/server/paths');
      const { env } = await import('@/lib/server/env');
      return { dataDir: paths.dataDir(), sqlite: paths.sqliteFile(), mailbox: paths.mailboxDir(), backups: paths.backupsDir(), snapshot: paths.snapshotFilePath(env().databaseUrl) };
    } finally {
      process.env = saved;
    }
  };

  it('are the data folder\'s candor.db, mailbox, backups and saved snapshot', async () => {
    const dir = join(scratch, 'configured');
    const sqlite = await pathsWith({ CANDOR_DATA_DIR: dir });
    expect(sqlite).toMatchObject({ dataDir: dir, sqlite: join(dir, 'candor.db'), mailbox: join(dir, 'mailbox'), backups: join(dir, 'backups') });
    expect(dirname(sqlite.snapshot)).toBe(dir);
    const postgres = await pathsWith({ CANDOR_DATA_DIR: dir, DATABASE_URL: 'postgresql://u@127.0.0.1/db' });
    expect(postgres).toMatchObject({ dataDir: dir, sqlite: null, mailbox: join(dir, 'mailbox'), backups: join(dir, 'backups') });
    expect(postgres.snapshot).not.toBe(sqlite.snapshot);
  });
});

describe('ensureDataDirWritable', () => {
  it('creates a missing folder and leaves nothing behind in it', async () => {
    const dir = join(scratch, 'new', 'data');
    await ensureDataDirWritable({ dataDir: dir, dataDirSource: 'CANDOR_DATA_DIR' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a folder that cannot be created, naming the variable, the path and the error', async () => {
    const dir = join(file, 'sub');
    const refusal = ensureDataDirWritable({ dataDir: dir, dataDirSource: 'CANDOR_DATA_DIR' });
    await expect(refusal).rejects.toThrow(EnvError);
    await expect(refusal).rejects.toThrow(`CANDOR_DATA_DIR: ${dir} (set by CANDOR_DATA_DIR) cannot be written: ENOTDIR: not a directory`);
  });

  it('says when the folder is only the default', async () => {
    const dir = join(file, 'data');
    await expect(ensureDataDirWritable({ dataDir: dir, dataDirSource: 'default' })).rejects.toThrow(`CANDOR_DATA_DIR: ${dir} (the default, as CANDOR_DATA_DIR is unset) cannot be written`);
  });
});
