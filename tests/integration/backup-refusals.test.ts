import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliActor } from '@/lib/server/actor';
import { openDb } from '@/lib/server/db';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { sqliteFilePath } from '@/lib/server/sqlite-path';
import { restoreBackup } from '@/lib/server/backup/restore-backup';
import { allRows } from '../helpers/backup-tables';
import { doctor, writeEntries } from '../helpers/backup-archive';
import { candor } from '../helpers/cli';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Every file restore cannot trust is refused by `backup verify` and `restore` alike, with a message
// that says what is wrong and a non-zero exit, and the database restore was pointed at is left as it was.

describe('backup verify and restore refuse what they cannot trust', () => {
  let dir: string;
  let source: TestDatabase;
  let good = '';
  const cases: [string, string, RegExp][] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'candor-refusals-'));
    source = await createTestDatabase('sqlite');
    source.install();
    await loadDemo({ actor: cliActor });
    good = join(dir, 'good.tar.gz');
    const made = await candor(['backup', '--out', good], { DATABASE_URL: source.url });
    expect(made.code, made.stderr).toBe(0);

    const bytes = readFileSync(good);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    writeFileSync(join(dir, 'flipped.tar.gz'), flipped);
    writeFileSync(join(dir, 'truncated.tar.gz'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await doctor(good, join(dir, 'missing.tar.gz'), (_m, files) => files.delete('tables/Subscriber.ndjson'));
    writeFileSync(join(dir, 'notes.txt'), 'Remember to back up the status page.\n');
    await writeEntries(join(dir, 'other.tar.gz'), [{ name: 'notes.txt', body: Buffer.from('not a backup\n') }]);
    await doctor(good, join(dir, 'newer.tar.gz'), (m) => (m.migration = '29991231000000_from_the_future'));
    cases.push(
      ['flipped.tar.gz', 'a flipped byte', /is (damaged|truncated)/],
      ['truncated.tar.gz', 'a truncated file', /is truncated/],
      ['missing.tar.gz', 'a missing table', /is incomplete: tables\/Subscriber\.ndjson is missing/],
      ['notes.txt', 'a file that is not a backup', /is not a Candor backup: it is not gzip-compressed/],
      ['other.tar.gz', 'an archive that is not a Candor backup', /is not a Candor backup: it does not start with manifest\.json/],
      ['newer.tar.gz', 'a backup from a newer Candor', /was made by a newer Candor \(version [^,]+, migration 29991231000000_from_the_future/],
    );
  }, 120_000);

  afterAll(async () => {
    await source?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a flipped byte, a truncated file, a missing table, a stranger and a newer Candor, and restores nothing', async () => {
    const runs = await Promise.all(
      cases.map(async ([file, what, message]) => {
        const target = join(dir, `target-${file}.db`);
        const [verify, restore] = await Promise.all([candor(['backup', 'verify', join(dir, file)]), candor(['restore', join(dir, file)], { DATABASE_URL: `file:${target}` })]);
        return { file, what, message, verify, restore, created: existsSync(target) };
      }),
    );
    for (const r of runs) {
      expect(r.verify.code, `${r.what}: verify ${r.verify.stdout}`).toBe(1);
      expect(r.verify.stderr, r.what).toMatch(r.message);
      expect(r.restore.code, `${r.what}: restore ${r.restore.stdout}`).toBe(1);
      expect(r.restore.stderr, r.what).toMatch(r.message);
      expect(r.created, `${r.what}: restore created its target`).toBe(false);
    }
    // The positive control: the file they were all made from verifies and restores.
    const target = join(dir, 'target-good.db');
    const [verify, restore] = await Promise.all([candor(['backup', 'verify', good]), candor(['restore', good], { DATABASE_URL: `file:${target}` })]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('Every checksum matches');
    expect(restore.code, restore.stderr).toBe(0);
    const restored = openDb(`file:${target}`);
    try {
      expect(await restored.db.subscriber.count()).toBe(await source.handle.db.subscriber.count());
    } finally {
      await restored.close();
    }
  }, 240_000);

  it('refuses a database that holds data without --force; with --force a row it refuses rolls everything back', async () => {
    const rowsBefore = await allRows(source.handle);
    const busy = await candor(['restore', good], { DATABASE_URL: source.url });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/already holds data \(PageSettings: 1, .*\); restore fills an empty database only.*--force/);
    expect(await allRows(source.handle)).toEqual(rowsBefore);

    // A backup whose checksums are right but whose rows the database refuses (a subscriber twice):
    // its failure comes in the middle of the one transaction, after the old rows were emptied.
    const twice = join(dir, 'twice.tar.gz');
    await doctor(good, twice, (_m, files) => {
      const body = files.get('tables/Subscriber.ndjson')!.toString('utf8');
      files.set('tables/Subscriber.ndjson', Buffer.from(body + body.split('\n')[0] + '\n'));
    });
    const copy = join(dir, 'copy.db');
    new Database(sqliteFilePath(source.url)).exec(`VACUUM INTO '${copy}'`);
    const forced = await candor(['restore', twice, '--force'], { DATABASE_URL: `file:${copy}` });
    expect(forced.code).toBe(1);
    expect(forced.stderr).toMatch(/could not be restored \(rolled back: no row was written or removed\): .*(UNIQUE|unique)/);
    const after = openDb(`file:${copy}`);
    try {
      expect(await allRows(after)).toEqual(rowsBefore);
      // The audit log is still append-only: its triggers came back with the rollback.
      await expect(after.db.$executeRawUnsafe('DELETE FROM "AuditLog"')).rejects.toThrow(/append-only/);
    } finally {
      await after.close();
    }
    // Positive control: the same database takes the good backup with --force.
    const replaced = await candor(['restore', good, '--force'], { DATABASE_URL: `file:${copy}` });
    expect(replaced.code, replaced.stderr).toBe(0);
  }, 240_000);
  it('restores a backup from an older Candor into the current schema, and says which column it cannot fill', async () => {
    // As a backup taken before the last two migrations: no confirmNonce column, no MailPause table.
    const older = join(dir, 'older.tar.gz');
    type Doctored = { tables: { name: string; columns: { name: string }[] }[] };
    const strip = (m: Doctored, files: Map<string, Buffer>, table: string, column: string) => {
      const rows = files.get(`tables/${table}.ndjson`)!.toString('utf8').split('\n').filter(Boolean);
      files.set(`tables/${table}.ndjson`, Buffer.from(rows.map((line) => JSON.stringify({ ...JSON.parse(line), [column]: undefined }) + '\n').join('')));
      const t = m.tables.find((x) => x.name === table)!;
      t.columns = t.columns.filter((c) => c.name !== column);
    };
    await doctor(good, older, (m, files) => {
      m.migration = '20261125122917_claim_order_index';
      m.tables = m.tables.filter((t) => t.name !== 'MailPause');
      files.delete('tables/MailPause.ndjson');
      strip(m as unknown as Doctored, files, 'Subscriber', 'confirmNonce');
      // Before channels: no key (filled from the address, as the migration did), no channel (its default).
      for (const column of ['key', 'channel', 'endpoint', 'webhookSecret']) strip(m as unknown as Doctored, files, 'Subscriber', column);
    });
    const target = openDb(`file:${join(dir, 'from-older.db')}`);
    try {
      const restored = await restoreBackup({ file: older, handle: target, actor: cliActor });
      expect(restored.rows.Subscriber).toBe(await source.handle.db.subscriber.count());
      expect(await target.db.subscriber.count({ where: { confirmNonce: null } })).toBe(restored.rows.Subscriber);
      const subscribers = await target.db.subscriber.findMany({ select: { email: true, key: true, channel: true } });
      expect(subscribers.length).toBeGreaterThan(0);
      expect(subscribers.every((s) => s.key === s.email && s.channel === 'email')).toBe(true);
    } finally {
      await target.close();
    }
    // A column added since that has no default cannot be filled: the restore stops and names it.
    const without = join(dir, 'without-hash.tar.gz');
    await doctor(good, without, (m, files) => {
      m.migration = '20261125122917_claim_order_index';
      strip(m as unknown as Doctored, files, 'Subscriber', 'manageTokenHash');
    });
    const refused = await candor(['restore', without], { DATABASE_URL: `file:${join(dir, 'from-without.db')}` });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Subscriber.manageTokenHash was added after the backup was taken and has no default value');
  }, 240_000);
});
