import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedSubscribers } from '../helpers/bulk-subscribers';
import { spawnCandor, type Run } from '../helpers/cli';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/test-db';

// A large install backs up and restores in a small, fixed amount of memory: rows stream from the
// archive into the database batch by batch, so a 96 MB JavaScript heap is enough whatever the size.

const ROWS = 150_000;
const HEAP_MB = 96;
// How much more resident memory the large run may peak at than the same command on an empty
// database (the process's fixed cost: code, Prisma's engines, drivers). Flat means this stays small.
const GROWTH_LIMIT_MB = 64;

/** Runs the CLI with its heap capped, sampling the process's resident high-water mark until it exits. */
function cappedCandor(args: string[], url: string): Promise<Run & { peakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawnCandor(args, { DATABASE_URL: url, NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    const sample = () => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // The process has just exited.
      }
    };
    const timer = setInterval(sample, 50);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', sample);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr, peakMb: Math.round(peakKb / 1024) });
    });
  });
}

describe.each(DATABASE_KINDS)('a %s backup of 150,000 subscribers under a 96 MB heap', (kind) => {
  const dbs: TestDatabase[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'candor-memory-'));

  afterAll(async () => {
    for (const d of dbs) await d.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up (restoring it to verify) and restores it whole, in as much memory as an empty database takes', async () => {
    const source = await createTestDatabase(kind);
    const target = await createTestDatabase(kind);
    dbs.push(source, target);
    const empty = join(dir, 'empty.tar.gz');
    const emptyBackup = await cappedCandor(['backup', '--out', empty], source.url);
    expect(emptyBackup.code, emptyBackup.stderr).toBe(0);
    const emptyRestore = await cappedCandor(['restore', empty], target.url);
    expect(emptyRestore.code, emptyRestore.stderr).toBe(0);

    await seedSubscribers(source, ROWS);
    const file = join(dir, 'large.tar.gz');
    const backup = await cappedCandor(['backup', '--out', file], source.url);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/\d+ rows in \d+ tables, verified/);
    // The target holds the empty backup's rows (its audit row among them): --force replaces them.
    const restore = await cappedCandor(['restore', file, '--force'], target.url);
    expect(restore.code, restore.stderr).toBe(0);
    expect(await target.handle.db.subscriber.count()).toBe(ROWS);
    expect(await target.handle.db.subscriber.count()).toBe(await source.handle.db.subscriber.count());
    expect(await target.handle.db.subscriber.findUnique({ where: { key: `bulk${ROWS}@example.com` } })).toMatchObject({ id: `bulk-${ROWS}`, manageTokenHash: `hash-${ROWS}` });

    console.log(`${kind}: peak RSS backup ${emptyBackup.peakMb} → ${backup.peakMb} MB, restore ${emptyRestore.peakMb} → ${restore.peakMb} MB (empty → ${ROWS} rows, heap capped at ${HEAP_MB} MB)`);
    expect(backup.peakMb - emptyBackup.peakMb, 'backup: growth of peak RSS (MB)').toBeLessThan(GROWTH_LIMIT_MB);
    expect(restore.peakMb - emptyRestore.peakMb, 'restore: growth of peak RSS (MB)').toBeLessThan(GROWTH_LIMIT_MB);
  }, 900_000);
});
