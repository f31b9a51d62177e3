import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliActor } from '@/lib/server/actor';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { verifyBackup } from '@/lib/server/backup/verify-backup';
import { candor, spawnCandor } from '../helpers/cli';
import { until } from '../helpers/spawned-candor';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { seedSubscribers } from '../helpers/bulk-subscribers';

// kill -9 in the middle of a backup, at each of its stages: the previous backup at the same path
// keeps its bytes, and nothing left behind passes `candor backup verify`.

const BULK = 100_000;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

describe('kill -9 during candor backup', () => {
  let dir: string;
  let source: TestDatabase;
  let previous = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'candor-crash-'));
    source = await createTestDatabase('sqlite');
    source.install();
    await loadDemo({ actor: cliActor });
    previous = join(dir, 'candor.tar.gz');
    const made = await candor(['backup', '--out', previous], { DATABASE_URL: source.url });
    expect(made.code, made.stderr).toBe(0);
    // Big enough that each stage of the next backup lasts long enough to be caught.
    await seedSubscribers(source, BULK);
  }, 180_000);

  afterAll(async () => {
    await source?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['writing the tables', /\.parts$/],
    ['writing the archive', /\.tmp$/],
    ['verifying the archive', /\.verify$/],
  ])('while %s leaves the previous backup intact and nothing that verifies', async (_stage, work) => {
    const before = sha(previous);
    const child = spawnCandor(['backup', '--out', previous], { DATABASE_URL: source.url });
    const exited = once(child, 'exit');
    await until('the stage to begin', async () => readdirSync(dir).some((name) => work.test(name)), 120_000);
    child.kill('SIGKILL');
    const [, signal] = (await exited) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');

    expect(sha(previous)).toBe(before);
    expect(readdirSync(dir).filter((name) => !name.startsWith('.'))).toEqual(['candor.tar.gz']);
    // The killed run's work is still there (the next run clears it), and none of it verifies.
    expect(readdirSync(dir).filter((name) => work.test(name))).toHaveLength(1);
    for (const file of filesUnder(dir).filter((f) => f !== previous)) await expect(verifyBackup(file), file).rejects.toThrow(/is not a Candor backup|is truncated|is damaged/);
  }, 240_000);

  it('the next backup completes, replaces the previous one, and clears what the killed runs left', async () => {
    const before = sha(previous);
    const made = await candor(['backup', '--out', previous], { DATABASE_URL: source.url });
    expect(made.code, made.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['candor.tar.gz']);
    expect(sha(previous)).not.toBe(before);
    const verified = await candor(['backup', 'verify', previous]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('Every checksum matches');
  }, 240_000);
});
