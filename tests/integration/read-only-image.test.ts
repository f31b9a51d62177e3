import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '@/lib/server/env';
import { projectRoot, snapshotFilePath } from '@/lib/server/paths';
import { candor } from '../helpers/cli';
import { BUILT, freePort, startCandor, until, type StartedCandor } from '../helpers/spawned-candor';

// Candor run from a read-only image: everything it writes goes to CANDOR_DATA_DIR. The tests run
// as root, whom file modes do not stop, so Candor runs here as `nobody` (setpriv), who can write
// nothing in Candor's folder (checked first with find -writable) and owns only the data folder.
// Any write beside the code fails for real, and the full exercise below must still succeed.

const NOBODY = 65534;
const AS_NOBODY = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--'];
const REFUSED_WRITE = /EACCES|EPERM|EROFS/;

/** The first path under `dir` that nobody could write, or ''. */
const writableByNobody = (dir: string) => spawnSync(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), 'find', dir, '-writable', '-print', '-quit'], { encoding: 'utf8' }).stdout.trim();

describe('Candor from a read-only image', () => {
  it('has a Next build to serve (npm test builds before the integration tests; alone, run `npm run build` first)', () => {
    expect(BUILT).toBe(true);
  });
  it('runs as root, so that it can run Candor as an unprivileged user', () => {
    expect(process.getuid?.()).toBe(0);
  });

  let dataDir = '';
  let lockedDir = '';
  const instances: StartedCandor[] = [];
  beforeAll(async () => {
    // Bundled now, as root: a `candor` run by nobody must find dist/ up to date (an image is built once).
    await candor(['--help']);
    dataDir = mkdtempSync(join(tmpdir(), 'candor-image-data-'));
    chownSync(dataDir, NOBODY, NOBODY);
    lockedDir = mkdtempSync(join(tmpdir(), 'candor-image-locked-'));
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop(10_000)));
    for (const dir of [dataDir, lockedDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives nobody write access to nothing in Candor\'s folder, and to the data folder', () => {
    expect(writableByNobody(projectRoot()), 'a path in the code that nobody could write').toBe('');
    expect(writableByNobody(dataDir)).toBe(dataDir);
  });

  it('refuses to start when the data folder cannot be written, naming CANDOR_DATA_DIR and the error', async () => {
    const [locked, defaulted] = await Promise.all([
      candor(['start', '--no-build'], { CANDOR_DATA_DIR: lockedDir, PORT: String(await freePort()) }, AS_NOBODY),
      candor(['start', '--no-build'], { PORT: String(await freePort()) }, AS_NOBODY),
    ]);
    expect(locked.code).toBe(1);
    expect(locked.stderr, 'what the exercise below must never print').toMatch(REFUSED_WRITE);
    expect(locked.stderr).toContain(`candor: configuration error in CANDOR_DATA_DIR: ${lockedDir} (set by CANDOR_DATA_DIR) cannot be written: EACCES: permission denied`);
    expect(defaulted.code).toBe(1);
    expect(defaulted.stderr).toContain(`CANDOR_DATA_DIR: ${join(projectRoot(), 'data')} (the default, as CANDOR_DATA_DIR is unset) cannot be written: EACCES`);
    expect(readdirSync(lockedDir)).toEqual([]);
  });

  it('seeds, serves pages, takes a subscription with local mail, saves the snapshot and stops, writing only in CANDOR_DATA_DIR', { timeout: 240_000 }, async () => {
    const env = { CANDOR_DATA_DIR: dataDir };
    const seeded = await candor(['seed', 'demo'], env, AS_NOBODY);
    expect(seeded.code, seeded.stderr).toBe(0);

    const instance = startCandor(await freePort(), env, AS_NOBODY);
    instances.push(instance);
    await until('healthy', async () => (await fetch(`${instance.base}/api/health`)).status === 200, 120_000, instance);
    // Snapshot pages and feeds, and pages Next renders (the console's sign-in, first-run setup).
    for (const path of ['/', '/history', '/feed.atom', '/api/v2/summary.json', '/maintenance.ics', '/subscribe', '/admin/sign-in', '/setup']) {
      const answer = await fetch(`${instance.base}${path}`, { redirect: 'manual' });
      expect(answer.status, path).toBe(200);
      expect((await answer.text()).length, path).toBeGreaterThan(100);
    }
    const subscribed = await fetch(`${instance.base}/api/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'reader@example.com', regions: 'all', components: 'all', time_zone: 'UTC' }),
    });
    expect(subscribed.status, await subscribed.clone().text()).toBe(202);
    const mailbox = join(dataDir, 'mailbox');
    const confirmation = await until('the confirmation in the mailbox', async () => readdirSync(mailbox).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(mailbox, f), 'utf8')).find((m) => m.includes('reader@example.com')), 30_000, instance);
    expect(confirmation).toMatch(/\/confirm\//);
    const snapshot = snapshotFilePath(readEnv(env).databaseUrl, dataDir);
    await until('the snapshot saved', async () => existsSync(snapshot), 30_000, instance);
    expect(await instance.stop()).toBe(0);

    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(['candor.db', 'mailbox', snapshot.split('/').pop()]));
    expect(`${seeded.stdout}${seeded.stderr}`).not.toMatch(REFUSED_WRITE);
    expect(instance.output()).not.toMatch(REFUSED_WRITE);
  });
});
