import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliActor, type Actor } from '@/lib/server/actor';
import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { signIn } from '@/lib/server/auth/sign-in';
import { totpCode } from '@/lib/server/auth/totp';
import { verifySessionTotp } from '@/lib/server/auth/verify-session-totp';
import { dataModelTables } from '@/lib/server/backup/data-model';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot } from '@/lib/server/public/snapshot';
import { forgetInstanceSecret, instanceSecret } from '@/lib/server/secret';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { confirmSubscription, confirmTokenFor, checkConfirmToken } from '@/lib/server/subscriptions/confirm-subscription';
import { getSubscription, unsubscribeByLink } from '@/lib/server/subscriptions/manage-subscription';
import { subscribe } from '@/lib/server/subscriptions/subscribe';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { createUser } from '@/lib/server/users/create-user';
import { confirmTotpEnrolment, startTotpEnrolment } from '@/lib/server/users/totp-enrolment';
import { allRows } from '../helpers/backup-tables';
import { candor } from '../helpers/cli';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { failure } from '../helpers/app-error';

// The restore drill: the demo scenario plus people, tokens and subscribers, backed up from SQLite,
// restored into PostgreSQL, backed up again there and restored into a fresh SQLite file. Every
// table must come back row for row, and what people hold (passwords, codes, links) must still work.

const NOW = new Date('2026-11-25T09:00:00Z');
const PASSWORD = 'correct-horse-battery';
const noSleep = async () => undefined;
const publicBodies = async () => {
  const snap = buildSnapshot(await loadPublicModel(NOW), NOW);
  return Object.fromEntries([...snap.entries].map(([path, e]) => [path, e.body.toString('utf8')]));
};
const withoutBackupRows = (rows: Record<string, unknown[]>) => ({ ...rows, AuditLog: rows.AuditLog!.filter((r) => !String(r).includes('"action":"backup.')) });
const backupActions = (rows: Record<string, unknown[]>) => rows.AuditLog!.map((r) => /"action":"(backup\.[a-z]+)"/.exec(String(r))?.[1]).filter(Boolean).sort();

describe('restore drill: SQLite → PostgreSQL → SQLite', () => {
  let dir: string;
  const dbs: TestDatabase[] = [];
  let source: TestDatabase;
  let totpSecret = '';
  let apiToken = '';
  let unsubscribeLink = '';
  let confirmLink = '';
  let before: Record<string, unknown[]>;
  let publicBefore: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'candor-drill-'));
    source = await createTestDatabase('sqlite');
    dbs.push(source);
    source.install();
    forgetInstanceSecret();
    await loadDemo({ actor: cliActor, now: NOW });
    const admin = await createUser({ actor: cliActor, input: { email: 'pat@example.com', name: 'Pat', role: 'admin', password: PASSWORD } });
    await createUser({ actor: cliActor, input: { email: 'sam@example.com', name: 'Sam', role: 'viewer', password: PASSWORD } });
    const pat: Actor = { type: 'user', userId: admin.id, label: 'Pat', role: 'admin' };
    ({ secret: totpSecret } = await startTotpEnrolment({ actor: pat }));
    await confirmTotpEnrolment({ actor: pat, code: totpCode(totpSecret, NOW), now: NOW });
    ({ token: apiToken } = await createApiToken({ actor: cliActor, input: { name: 'deploy', role: 'responder', userId: admin.id } }));
    for (const email of ['kept@example.net', 'leaving@example.org', 'pending@example.com']) await subscribe({ input: { email, regions: 'all', components: 'all', time_zone: 'UTC' } });
    const nonceOf = async (email: string) => (await source.handle.db.subscriber.findUniqueOrThrow({ where: { key: email } })).confirmNonce!;
    const secret = await instanceSecret();
    await confirmSubscription({ token: confirmTokenFor(secret, await nonceOf('kept@example.net')) });
    ({ manageToken: unsubscribeLink } = await confirmSubscription({ token: confirmTokenFor(secret, await nonceOf('leaving@example.org')) }));
    confirmLink = confirmTokenFor(secret, await nonceOf('pending@example.com'));
    before = await allRows(source.handle);
    publicBefore = await publicBodies();
  }, 120_000);

  afterAll(async () => {
    for (const d of dbs) await d.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores every table row for row across both engines, and everything people hold still works', async () => {
    // The scenario is not trivially small: every table the data model has is listed, most with rows.
    const tables = dataModelTables().map((t) => t.name);
    expect(Object.keys(before).sort()).toEqual([...tables].sort());
    for (const t of ['Subscriber', 'User', 'ApiToken', 'Incident', 'IncidentUpdate', 'OutboxMail', 'AuditLog', 'SystemState']) expect(before[t]!.length, t).toBeGreaterThan(0);

    const first = join(dir, 'from-sqlite.tar.gz');
    const b1 = await candor(['backup', '--out', first], { DATABASE_URL: source.url });
    expect(b1.code, b1.stderr).toBe(0);

    const pg = await createTestDatabase('postgresql');
    dbs.push(pg);
    const r1 = await candor(['restore', first], { DATABASE_URL: pg.url });
    expect(r1.code, r1.stderr).toBe(0);
    const second = join(dir, 'from-postgresql.tar.gz');
    const b2 = await candor(['backup', '--out', second], { DATABASE_URL: pg.url });
    expect(b2.code, b2.stderr).toBe(0);

    const target = await createTestDatabase('sqlite');
    dbs.push(target);
    const r2 = await candor(['restore', second], { DATABASE_URL: target.url });
    expect(r2.code, r2.stderr).toBe(0);

    const onPg = await allRows(pg.handle);
    const after = await allRows(target.handle);
    expect(withoutBackupRows(onPg)).toEqual(withoutBackupRows(before));
    expect(withoutBackupRows(after)).toEqual(withoutBackupRows(before));
    // The audit log is complete, and says what happened: each backup and restore left its row.
    expect(backupActions(await allRows(source.handle))).toEqual(['backup.create']);
    expect(backupActions(onPg)).toEqual(['backup.create', 'backup.restore']);
    expect(backupActions(after)).toEqual(['backup.restore', 'backup.restore']);

    // Served from PostgreSQL, the public page, feeds and JSON are the same, byte for byte...
    pg.install();
    forgetInstanceSecret();
    expect(await publicBodies()).toEqual(publicBefore);
    // ...and from the SQLite copy restored from PostgreSQL's backup.
    target.install();
    forgetInstanceSecret();
    const publicAfter = await publicBodies();
    expect(Object.keys(publicAfter)).toContain('/api/v2/summary.json');
    expect(publicAfter).toEqual(publicBefore);

    // Password, then the second factor from the same authenticator app.
    const wrong = await failure(signIn({ email: 'pat@example.com', password: 'not-the-password' }, { ip: '10.1.0.1', now: NOW, sleep: noSleep }));
    expect(wrong.code).toBe('unauthorized');
    const signedIn = await signIn({ email: 'pat@example.com', password: PASSWORD }, { ip: '10.1.0.2', now: new Date(NOW.getTime() + 60_000), sleep: noSleep });
    expect(signedIn.needsTotp).toBe(true);
    await verifySessionTotp(signedIn.token, totpCode(totpSecret, new Date(NOW.getTime() + 60_000)), { now: new Date(NOW.getTime() + 60_000) });
    const viewer = await signIn({ email: 'sam@example.com', password: PASSWORD }, { ip: '10.1.0.3', sleep: noSleep });
    expect(viewer.needsTotp).toBe(false);

    const bearer = (token: string) => new Request('http://localhost/api/v1/incidents', { headers: { authorization: `Bearer ${token}` } });
    expect((await authenticateRequest(bearer(apiToken), 'responder')).label).toBe('token:deploy');
    expect((await failure(authenticateRequest(bearer(`${apiToken.slice(0, -2)}xx`), 'responder'))).code).toBe('unauthorized');

    // Links in mail already sent: the manage/unsubscribe link and a pending confirmation.
    expect((await getSubscription({ token: unsubscribeLink })).email).toBe('leaving@example.org');
    await unsubscribeByLink({ token: unsubscribeLink });
    expect((await target.handle.db.subscriber.findUniqueOrThrow({ where: { key: 'leaving@example.org' } })).unsubscribedAt).not.toBeNull();
    expect(await checkConfirmToken(confirmLink)).toBe(true);
    await confirmSubscription({ token: confirmLink });
    expect((await target.handle.db.subscriber.findUniqueOrThrow({ where: { key: 'pending@example.com' } })).confirmedAt).not.toBeNull();

    // New rows after the restore get new ids (PostgreSQL's sequences were moved past the restored ids).
    pg.install();
    await subscribe({ input: { email: 'after-restore@example.com' } });
    expect(await pg.handle.db.outboxMail.count()).toBe(before.OutboxMail!.length + 1);
  }, 240_000);
});
