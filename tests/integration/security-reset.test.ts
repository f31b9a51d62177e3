import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { completePasswordReset } from '@/lib/server/auth/password-reset';
import { signIn } from '@/lib/server/auth/sign-in';
import { cliActor } from '@/lib/server/actor';
import { AppError } from '@/lib/server/errors';
import { changePassword } from '@/lib/server/users/change-password';
import { createUser } from '@/lib/server/users/create-user';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { failure } from '@/tests/helpers/app-error';

// Reset requests go through the real console action, with the headers a client chooses; the
// links are read out of the queued OutboxMail rows (no worker runs, so the bodies stay).

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, set: () => undefined }) }));

const PASSWORD = 'correct-horse-battery';
const SITE = 'https://status.example.org';
const SAME_SITE = { host: 'status.example.org', origin: SITE, 'sec-fetch-site': 'same-origin' };
const HOSTILE: Record<string, string>[] = [
  { host: 'evil.example', origin: 'http://evil.example' },
  { host: 'status.example.org', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', origin: 'https://evil.example' },
  { host: 'evil.example:8443', 'x-forwarded-host': 'evil.example:8443', origin: 'http://evil.example:8443', 'sec-fetch-site': 'same-origin' },
];

/** Asks for a reset link through the console action, with these request headers. */
async function askForReset(email: string, headers: Record<string, string> = SAME_SITE) {
  request.headers = new Headers(headers);
  const { requestResetAction } = await import('@/app/admin/password-reset/actions');
  const fd = new FormData();
  fd.set('email', email);
  return requestResetAction(null, fd);
}

describe.each(DATABASE_KINDS)('password reset links on %s', (kind) => {
  let t: TestDatabase;
  const mails = (to: string) => t.handle.db.outboxMail.findMany({ where: { to, kind: 'password_reset' }, orderBy: { id: 'asc' } });
  const tokensFor = async (to: string) => (await mails(to)).map((m) => /\/admin\/password-reset\/([A-Za-z0-9_-]{20,})/.exec(m.text)?.[1] ?? '');
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    for (const name of ['ada', 'bob', 'cy', 'dot', 'ed']) await createUser({ actor: cliActor, input: { email: `${name}@x.test`, role: 'admin', password: PASSWORD } });
  });
  afterAll(async () => {
    delete process.env.PUBLIC_URL;
    await t?.drop();
  });

  it('links only to the configured base, whatever Host and forwarded headers say, with and without PUBLIC_URL', async () => {
    const cases = [
      { email: 'ada@x.test', publicUrl: undefined, settings: SITE, base: SITE },
      { email: 'bob@x.test', publicUrl: undefined, settings: null, base: `http://localhost:${process.env.PORT ?? 3000}` },
      { email: 'cy@x.test', publicUrl: 'https://public.example.com/', settings: SITE, base: 'https://public.example.com' },
    ];
    for (const c of cases) {
      if (c.publicUrl) process.env.PUBLIC_URL = c.publicUrl;
      else delete process.env.PUBLIC_URL;
      vi.resetModules(); // env() is read once per module instance
      if (c.settings) await t.handle.db.pageSettings.upsert({ where: { id: 1 }, create: { id: 1, publicUrl: c.settings }, update: { publicUrl: c.settings } });
      else await t.handle.db.pageSettings.deleteMany();
      const answers = [];
      for (const headers of HOSTILE) answers.push(await askForReset(c.email, headers));
      const queued = await mails(c.email);
      // Positive control: requests that pass the origin check queue a mail each.
      expect(queued.length, JSON.stringify(answers)).toBe(answers.filter((a) => a?.ok).length);
      expect(queued.length).toBeGreaterThan(0);
      for (const m of queued) {
        const links = [...`${m.text} ${m.html}`.matchAll(/https?:\/\/[^\s"<>]+/g)].map((x) => x[0]);
        expect(links.length).toBeGreaterThan(0);
        for (const link of links) expect(link.startsWith(`${c.base}/admin/password-reset/`), link).toBe(true);
        expect(`${m.text} ${m.html}`).not.toContain('evil.example');
      }
    }
  });

  it('ends every other link once one is used, and when the password is changed any other way', async () => {
    delete process.env.PUBLIC_URL;
    vi.resetModules();
    for (let i = 0; i < 3; i++) expect(await askForReset('dot@x.test')).toHaveProperty('ok');
    const [first, second, third] = await tokensFor('dot@x.test');
    await completePasswordReset({ token: second!, password: 'the-second-link-won' });
    for (const token of [first!, third!]) expect((await failure(completePasswordReset({ token, password: 'a-later-attempt' }))).message).toMatch(/expired or was already used/);
    await expect(signIn({ email: 'dot@x.test', password: 'the-second-link-won' }, { sleep: async () => undefined })).resolves.toHaveProperty('token');

    // Changing the password in the console ends an outstanding link too.
    expect(await askForReset('dot@x.test')).toHaveProperty('ok');
    const fourth = (await tokensFor('dot@x.test'))[3]!;
    const dot = await t.handle.db.user.findUniqueOrThrow({ where: { email: 'dot@x.test' } });
    await changePassword({ actor: { type: 'user', userId: dot.id, label: 'Dot', role: dot.role }, input: { current: 'the-second-link-won', password: 'changed-in-the-console' } });
    expect((await failure(completePasswordReset({ token: fourth, password: 'too-late-for-this' }))).message).toMatch(/expired or was already used/);

    // Two links used at the same moment: exactly one wins, the other gets the same clear answer.
    for (let i = 0; i < 2; i++) expect(await askForReset('ed@x.test')).toHaveProperty('ok');
    const [fifth, sixth] = await tokensFor('ed@x.test');
    const both = await Promise.allSettled([completePasswordReset({ token: fifth!, password: 'racing-password-1' }), completePasswordReset({ token: sixth!, password: 'racing-password-2' })]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(AppError);
    expect((lost.reason as AppError).message).toMatch(/expired or was already used/);
  });

  it('mails at most 5 links to one address and takes at most 20 requests from one IP, in any burst', async () => {
    delete process.env.PUBLIC_URL;
    vi.resetModules();
    const { passwordHash } = await t.handle.db.user.findUniqueOrThrow({ where: { email: 'ed@x.test' } });
    const many = Array.from({ length: 30 }, (_, i) => `many${i}@x.test`);
    await t.handle.db.user.createMany({ data: ['target@x.test', ...many].map((email) => ({ email, name: email, passwordHash })) });
    const fromIp = { ...SAME_SITE, 'x-candor-client-ip': '10.50.1.1' };
    expect((await Promise.all(Array.from({ length: 20 }, () => askForReset('target@x.test')))).every((a) => a?.ok)).toBe(true);
    expect(await t.handle.db.outboxMail.count({ where: { to: 'target@x.test' } })).toBe(5);
    await Promise.all(many.map((email) => askForReset(email, fromIp)));
    expect(await t.handle.db.outboxMail.count({ where: { to: { in: many } } })).toBe(20);
    // Positive control: the same addresses from another IP still get their link.
    await askForReset('many0@x.test', { ...SAME_SITE, 'x-candor-client-ip': '10.50.2.2' });
    expect(await t.handle.db.outboxMail.count({ where: { to: { in: many } } })).toBe(21);
  });

  it('answers in the same time whether or not the address has an account', async () => {
    delete process.env.PUBLIC_URL;
    vi.resetModules();
    const { passwordHash } = await t.handle.db.user.findUniqueOrThrow({ where: { email: 'ed@x.test' } });
    const known = Array.from({ length: 8 }, (_, i) => `known${i}@x.test`);
    await t.handle.db.user.createMany({ data: known.map((email) => ({ email, name: email, passwordHash })) });
    await askForReset('warm-up@x.test');
    const time = async (email: string) => {
      const started = performance.now();
      expect(await askForReset(email)).toHaveProperty('ok');
      return performance.now() - started;
    };
    const existing: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < known.length; i++) {
      existing.push(await time(known[i]!));
      unknown.push(await time(`stranger${i}@x.test`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [a, b] = [median(existing), median(unknown)];
    // Positive control: the known addresses really were mailed.
    expect(await t.handle.db.outboxMail.count({ where: { to: { in: known } } })).toBe(known.length);
    expect(Math.max(a, b) / Math.min(a, b), `medians: existing ${a.toFixed(1)} ms, unknown ${b.toFixed(1)} ms`).toBeLessThan(1.15);
  });
});
