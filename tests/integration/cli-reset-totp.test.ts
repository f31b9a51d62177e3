import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@/lib/server/crypto';
import { candor } from '../helpers/cli';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// `candor users reset-totp`: the way back in when the only admin lost the phone with their codes.



describe('candor users reset-totp', () => {
  let t: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    env = { DATABASE_URL: t.url };
    await candor(['--help']);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('is listed, and explains itself with --help', async () => {
    const top = await candor(['--help']);
    expect(top.stdout).toMatch(/^\s+users reset-totp\s+Turn off a staff member's two-step sign-in/m);
    const help = await candor(['users', 'reset-totp', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: candor users reset-totp --email <e-mail>/);
    expect(help.stdout).toContain('only admin');
    const missing = await candor(['users', 'reset-totp'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--email is required');
  });

  it("turns off the only admin's second factor, ends their sessions and audits the command line", async () => {
    const db = t.handle.db;
    const admin = await db.user.create({ data: { email: 'only@x.test', name: 'Only Admin', role: 'admin', passwordHash: 'x', totpSecret: 'JBSWY3DPEHPK3PXP', totpEnabledAt: new Date(), totpLastStep: 59_000_000 } });
    const other = await db.user.create({ data: { email: 'else@x.test', name: 'Else', role: 'viewer', passwordHash: 'x' } });
    const expiresAt = new Date(Date.now() + 3600_000);
    await db.session.create({ data: { tokenHash: hashToken('stolen-phone-session'), userId: admin.id, expiresAt } });
    await db.session.create({ data: { tokenHash: hashToken('someone-else'), userId: other.id, expiresAt, verifiedAt: new Date() } });

    const run = await candor(['users', 'reset-totp', '--email', 'ONLY@x.test'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Two-step sign-in is off for only@x.test; 1 session ended.');

    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(await db.session.count({ where: { userId: admin.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: other.id } })).toBe(1);
    const audit = await db.auditLog.findMany({ where: { action: 'user.totp_reset' } });
    expect(audit).toEqual([expect.objectContaining({ actorType: 'cli', actorId: null, actorLabel: 'candor command line', objectType: 'user', objectId: admin.id })]);

    const again = await candor(['users', 'reset-totp', '--email', 'only@x.test'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('only@x.test does not use two-step sign-in; there is nothing to reset.');
  });

  it('exits non-zero naming an unknown address, changing nothing', async () => {
    const audits = await t.handle.db.auditLog.count();
    const run = await candor(['users', 'reset-totp', '--email', 'ghost@x.test'], env);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('candor users reset-totp: no staff account has the e-mail ghost@x.test');
    expect(await t.handle.db.auditLog.count()).toBe(audits);
  });
});
