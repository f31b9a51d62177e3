import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { candor } from '../helpers/cli';
import { freePort as closedPort } from '../helpers/spawned-candor';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { hashToken } from '@/lib/server/crypto';
import { verifyPassword } from '@/lib/server/auth/password';



describe('the candor command', () => {
  let t: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    env = { DATABASE_URL: t.url };
    // Bundle once before commands run in parallel.
    await candor(['--help']);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('prints usage for --help on every command, and for an unknown command exits 2', async () => {
    const top = await candor(['--help']);
    expect(top.code).toBe(0);
    const names = top.stdout
      .split('Commands:\n')[1]!
      .split('\n\n')[0]!
      .split('\n')
      .map((line) => line.trim().split(/\s{2,}/)[0]!);
    expect(names).toEqual(expect.arrayContaining(['start', 'migrate', 'seed demo', 'users create', 'tokens create', 'doctor']));
    const runs = await Promise.all(names.map((n) => candor([...n.split(' '), '--help'])));
    runs.forEach((r, i) => {
      expect(r.code, names[i]).toBe(0);
      expect(r.stdout, names[i]).toMatch(/^Usage: candor /);
    });
    const unknown = await candor(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('Usage: candor <command>');
    const incomplete = await candor(['users']);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain('users create');
  });

  it('creates a user with a one-time password, and refuses a duplicate e-mail or a bad role', async () => {
    const created = await candor(['users', 'create', '--email', 'Pat@Example.com', '--role', 'responder', '--name', 'Pat Doe'], env);
    expect(created.code, created.stderr).toBe(0);
    const otp = created.stdout.trim().split('\n').pop()!;
    expect(otp).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const user = await t.handle.db.user.findUniqueOrThrow({ where: { email: 'pat@example.com' } });
    expect(user).toMatchObject({ role: 'responder', name: 'Pat Doe', mustChangePassword: true });
    expect(await verifyPassword(user.passwordHash, otp)).toBe(true);

    const withPassword = await candor(['users', 'create', '--email', 'kim@example.com', '--role', 'viewer', '--password', 'a long enough password'], env);
    expect(withPassword.code).toBe(0);
    expect(withPassword.stdout).not.toMatch(/one-time/i);

    const duplicate = await candor(['users', 'create', '--email', 'pat@example.com', '--role', 'admin'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);
    expect(await t.handle.db.user.count({ where: { email: 'pat@example.com' } })).toBe(1);

    const badRole = await candor(['users', 'create', '--email', 'lee@example.com', '--role', 'superuser'], env);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('--role "superuser"');
    const badEmail = await candor(['users', 'create', '--email', 'not-an-address', '--role', 'viewer'], env);
    expect(badEmail.code).not.toBe(0);
    expect(badEmail.stderr).toMatch(/--email.*e-mail/);
    const missing = await candor(['users', 'create', '--role', 'viewer'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--email is required');
  });

  it('creates an API token whose last line is the token and stores only its sha256', async () => {
    const run = await candor(['tokens', 'create', '--name', 'deploy pipeline', '--role', 'responder'], env);
    expect(run.code, run.stderr).toBe(0);
    const token = run.stdout.trimEnd().split('\n').pop()!;
    expect(token).toMatch(/^cnd_\S+$/);
    const row = await t.handle.db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row).toMatchObject({ name: 'deploy pipeline', role: 'responder', userId: null });
    expect(JSON.stringify(row)).not.toContain(token);

    const unknownUser = await candor(['tokens', 'create', '--name', 'x', '--role', 'viewer', '--user', 'ghost@example.com'], env);
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toContain('ghost@example.com');
  });

  it('seeds the demo twice without duplicates', async () => {
    const first = await candor(['seed', 'demo'], env);
    expect(first.code, first.stderr).toBe(0);
    const incidents = await t.handle.db.incident.count();
    const subscribers = await t.handle.db.subscriber.count();
    const second = await candor(['seed', 'demo'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/\(0 new\)/);
    expect(await t.handle.db.incident.count()).toBe(incidents);
    expect(await t.handle.db.subscriber.count()).toBe(subscribers);
    expect(await t.handle.db.region.count({ where: { slug: { in: ['tmobile-us', 'telstra-au'] } } })).toBe(2);

    const unreachable = await candor(['seed', 'demo'], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/candor` });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^candor seed demo: DATABASE_URL postgresql:\/\/postgres@127\.0\.0\.1:\d+\/candor: /);
  });

  it('doctor passes on a good setup and names what is wrong otherwise', async () => {
    const good = await candor(['doctor'], env);
    expect(good.code, good.stdout).toBe(0);
    expect(good.stdout).toMatch(/^ok\s+migrations\s+up to date/m);
    expect(good.stdout).toMatch(/^ok\s+smtp\s+SMTP_URL is not set: the built-in local sink/m);
    expect(good.stdout).toMatch(/^ok\s+smsc\s+SMS_URL is not set: texts are kept in the local SMS outbox/m);
    expect(good.stdout).toMatch(/^ok\s+text messages\s+no texts wait for the SMSC/m);

    const [badDb, unreachableDb, badPort, badSmtp] = await Promise.all([
      candor(['doctor'], { DATABASE_URL: 'mysql://localhost/candor' }),
      candor(['doctor'], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/candor` }),
      candor(['doctor'], { ...env, PORT: 'eighty' }),
      candor(['doctor'], { ...env, SMTP_URL: 'http://mail.example.com' }),
    ]);
    expect(badDb.code).toBe(1);
    expect(badDb.stdout).toMatch(/^FAIL\s+environment\s+DATABASE_URL/m);
    expect(unreachableDb.code).toBe(1);
    expect(unreachableDb.stdout).toMatch(/^FAIL\s+database\s+cannot open DATABASE_URL/m);
    expect(badPort.code).toBe(1);
    expect(badPort.stdout).toMatch(/^FAIL\s+environment\s+PORT/m);
    expect(badSmtp.code).toBe(1);
    expect(badSmtp.stdout).toMatch(/^FAIL\s+environment\s+SMTP_URL/m);

    const port = await closedPort();
    const smtpDown = await candor(['doctor'], { ...env, SMTP_URL: `smtp://127.0.0.1:${port}` });
    expect(smtpDown.code).toBe(1);
    expect(smtpDown.stdout).toMatch(new RegExp(`^FAIL\\s+smtp\\s+smtp://127\\.0\\.0\\.1:${port} is unreachable`, 'm'));
    expect(smtpDown.stdout).toMatch(/^ok\s+database/m);
  });

  it('start refuses nonsense settings before doing anything, naming the variable', { timeout: 180_000 }, async () => {
    // As root file modes stop nothing, but no one can create a folder under a regular file.
    const scratch = mkdtempSync(join(tmpdir(), 'candor-refusals-'));
    const file = join(scratch, 'file');
    writeFileSync(file, 'a file, not a folder');
    const unwritable = join(file, 'sub');
    try {
      const cases: [Record<string, string>, string][] = [
        [{ ...env, SHUTDOWN_GRACE_SECONDS: 'soon' }, 'SHUTDOWN_GRACE_SECONDS: "soon" is not a number of seconds'],
        [{ ...env, SHUTDOWN_GRACE_SECONDS: '-5' }, 'SHUTDOWN_GRACE_SECONDS: "-5" is not a number of seconds'],
        [{ ...env, TRUSTED_PROXIES: 'my-load-balancer' }, 'TRUSTED_PROXIES: "my-load-balancer" is not an address, a CIDR range'],
        [{ ...env, TRUSTED_PROXIES: '10.0.0.0/40' }, 'TRUSTED_PROXIES: "10.0.0.0/40": "40" is not a prefix length'],
        [{ CANDOR_DATA_DIR: unwritable }, `CANDOR_DATA_DIR: ${unwritable} (set by CANDOR_DATA_DIR) cannot be written: ENOTDIR: not a directory`],
        [{ ...env, CANDOR_DATA_DIR: unwritable }, `CANDOR_DATA_DIR: ${unwritable} (set by CANDOR_DATA_DIR) cannot be written: ENOTDIR`],
        [{ DATABASE_URL: `file:${join(unwritable, 'candor.db')}` }, `CANDOR_DATA_DIR: ${unwritable} (the SQLite file's folder, as CANDOR_DATA_DIR is unset) cannot be written`],
      ];
      const port = String(await closedPort());
      const runs = await Promise.all(cases.map(([vars]) => candor(['start', '--no-build'], { ...vars, PORT: port })));
      runs.forEach((run, i) => {
        expect(run.code, run.stdout).toBe(1);
        expect(run.stderr).toContain(`candor: configuration error in ${cases[i]![1]}`);
        expect(run.stdout, 'refused before listening or migrating').not.toMatch(/running at|migrated/i);
      });
      // The worker keeps mail in the data folder only without SMTP_URL.
      const worker = await candor(['worker'], { CANDOR_DATA_DIR: unwritable });
      expect(worker.code).toBe(1);
      expect(worker.stderr).toContain(`candor: configuration error in CANDOR_DATA_DIR: ${unwritable} (set by CANDOR_DATA_DIR) cannot be written`);
      const doctor = await candor(['doctor'], { ...env, CANDOR_DATA_DIR: unwritable });
      expect(doctor.code).toBe(1);
      expect(doctor.stdout).toMatch(new RegExp(`^FAIL\\s+data folder\\s+${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not writable`, 'm'));
      expect(doctor.stdout).toMatch(/^ok\s+database\s/m);
      expect(readFileSync(file, 'utf8')).toBe('a file, not a folder');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('doctor reports pending migrations and a database from a newer Candor', async () => {
    const notYet = join(t.url.replace(/^file:/, ''), '..', 'not-yet.db');
    const fresh = await candor(['doctor'], { DATABASE_URL: `file:${notYet}` });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^WARN\s+migrations\s+\d+ of \d+ migration\(s\) pending/m);
    expect(existsSync(notYet), 'doctor must not create the database').toBe(false);
    const pg = await createTestDatabase('postgresql');
    try {
      await pg.handle.db.$executeRawUnsafe(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('x', 'y', '29990101000000_from_the_future', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)`,
      );
      const newer = await candor(['doctor'], { DATABASE_URL: pg.url });
      expect(newer.code).toBe(1);
      expect(newer.stdout).toMatch(/^FAIL\s+migrations\s+the database was migrated by a newer version of Candor/m);
    } finally {
      await pg.drop();
    }
  });
});
