import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candor } from '@/tests/helpers/cli';
import { startScriptedRelay, type ScriptedRelay } from '@/tests/helpers/scripted-relay';
import { freePort, startCandor, until, type StartedCandor } from '@/tests/helpers/spawned-candor';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { maskEmail } from '@/lib/server/log/mask';

// A real `candor start` (production build: run `npm run build` first) taken through sign-in,
// subscribe, confirm, one-click unsubscribe, password reset, API token use and a notice, with
// LOG_LEVEL=debug and mail to a relay on loopback. Its whole stdout is then searched for every
// secret and address used, each taken from where it was made (the CLI's output, the mail sent).

const BUILT = existsSync(join(process.cwd(), process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'));
const ADMIN = { email: 'log.admin@example.com', password: 'first-password-0451' };
const NEW_PASSWORD = 'second-password-2718';
const READER = 'dana.reader@example.org';
const LEAVER = 'lee.leaver@example.net';
const SMTP_PASSWORD = 'relay-secret-8080';

describe('LOG_LEVEL', () => {
  it('stops candor with a message naming it when it is not a level', async () => {
    const run = await candor(['start', '--no-build'], { DATABASE_URL: 'file:./never-created.db', LOG_LEVEL: 'loud' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('LOG_LEVEL: "loud" is not a log level (one of trace, debug, info, warn, error, fatal, silent');
    // The control: a real level (in any case) passes, so the next bad variable is the one named.
    const good = await candor(['start', '--no-build'], { DATABASE_URL: 'file:./never-created.db', LOG_LEVEL: 'WARN', PORT: 'nope' });
    expect(good.code).toBe(1);
    expect(good.stderr).toContain('PORT: "nope" is not a port number');
    expect(good.stderr).not.toContain('LOG_LEVEL');
  });
});

/** The links a message carries (quoted-printable soft breaks undone). */
const linksIn = (raw: string): string[] => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=').match(/https?:\/\/[^\s"<>]+/g) ?? [];
const tokenOf = (links: string[], route: string): string => {
  const link = links.find((l) => l.includes(`/${route}/`));
  if (!link) throw new Error(`no /${route}/ link in ${links.join(' ')}`);
  return decodeURIComponent(link.split(`/${route}/`)[1]!.split(/[?#]/)[0]!);
};

describe('the log of a started Candor', () => {
  it('has a Next build to serve (npm test builds before the integration tests; alone, run `npm run build` first)', () => {
    expect(BUILT).toBe(true);
  });

  let t: TestDatabase;
  let relay: ScriptedRelay;
  let app: StartedCandor;
  let apiToken = '';
  const secrets = new Map<string, string>();
  let cookie = '';

  /** A no-JavaScript form post, as a browser without scripts sends it: the page's hidden fields plus ours. */
  async function submit(path: string, fields: Record<string, string>): Promise<Response> {
    const page = await fetch(`${app.base}${path}`, { headers: { cookie } });
    const doc = parseDocument(await page.text());
    const form = DomUtils.findAll((el) => el.name === 'form' && DomUtils.findAll((i) => i.name === 'input' && Object.keys(fields).includes(i.attribs.name ?? ''), el.children).length > 0, doc.children)[0];
    if (!form) throw new Error(`no form with ${Object.keys(fields).join(', ')} on ${path}`);
    const body = new FormData();
    for (const input of DomUtils.findAll((el) => el.name === 'input' && el.attribs.type === 'hidden', form.children)) body.append(input.attribs.name!, input.attribs.value ?? '');
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return fetch(`${app.base}${path}`, { method: 'POST', body, redirect: 'manual', headers: { cookie, origin: app.base } });
  }
  const mailTo = (address: string, count = 1) => until(`mail to ${address}`, async () => relay.messages.filter((m) => m.to.includes(address)).length >= count && relay.messages.filter((m) => m.to.includes(address)), 30_000, app);

  beforeAll(async () => {
    if (!BUILT) return;
    t = await createTestDatabase('sqlite');
    for (const args of [['seed', 'demo'], ['users', 'create', '--email', ADMIN.email, '--role', 'admin', '--password', ADMIN.password]]) {
      const run = await candor(args, { DATABASE_URL: t.url });
      expect(run.code, run.stderr).toBe(0);
    }
    const made = await candor(['tokens', 'create', '--name', 'log test', '--role', 'responder', '--user', ADMIN.email], { DATABASE_URL: t.url });
    apiToken = made.stdout.trim().split('\n').pop()!;
    expect(apiToken).toMatch(/^cnd_/);
    secrets.set('API token', apiToken).set('admin password', ADMIN.password).set('new password', NEW_PASSWORD);
    relay = await startScriptedRelay();
    secrets.set('SMTP password', SMTP_PASSWORD);
    app = startCandor(await freePort(), { DATABASE_URL: t.url, SMTP_URL: `smtp://candor:${SMTP_PASSWORD}@127.0.0.1:${relay.port}`, LOG_LEVEL: 'debug' });
    await until('candor start', async () => (await fetch(`${app.base}/api/health`)).ok, 60_000, app);
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await relay?.stop();
    await t?.drop();
  });

  it('logs requests by pattern and masks every secret and address', { timeout: 180_000 }, async () => {
    // Sign-in: a wrong password, then the right one.
    expect((await submit('/admin/sign-in', { email: ADMIN.email, password: 'wrong-password-1234' })).status).toBe(303);
    const signedIn = await submit('/admin/sign-in', { email: ADMIN.email, password: ADMIN.password });
    expect(signedIn.status).toBe(303);
    cookie = signedIn.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
    expect(cookie).toMatch(/=/);
    secrets.set('session cookie', cookie.split('=').slice(1).join('='));
    expect((await fetch(`${app.base}/admin`, { headers: { cookie } })).status).toBe(200);

    // Subscribe two readers, confirm both from their mail; one leaves by one-click unsubscribe.
    for (const email of [READER, LEAVER]) {
      const answer = await fetch(`${app.base}/api/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
      expect(answer.status).toBe(202);
      const [mail] = await mailTo(email);
      const confirmToken = tokenOf(linksIn(mail!.raw), 'confirm');
      secrets.set(`confirm token of ${email}`, confirmToken);
      expect((await submit(`/confirm/${confirmToken}`, { token: confirmToken })).status).toBe(303);
    }
    // Subscribing again when already confirmed mails the manage link (whose token also unsubscribes).
    expect((await fetch(`${app.base}/api/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: LEAVER }) })).status).toBe(202);
    const [manage] = (await mailTo(LEAVER, 2)).slice(1);
    const leaveToken = tokenOf(linksIn(manage!.raw), 'manage');
    secrets.set('manage token', leaveToken);
    const oneClick = await fetch(`${app.base}/u/${leaveToken}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);

    // Password reset by mail, then sign-in with the new password.
    expect([200, 303]).toContain((await submit('/admin/password-reset', { email: ADMIN.email })).status);
    const [reset] = await mailTo(ADMIN.email);
    const resetToken = tokenOf(linksIn(reset!.raw), 'admin/password-reset');
    secrets.set('reset token', resetToken);
    expect([200, 303]).toContain((await submit(`/admin/password-reset/${resetToken}`, { token: resetToken, password: NEW_PASSWORD })).status);
    cookie = '';
    expect((await submit('/admin/sign-in', { email: ADMIN.email, password: NEW_PASSWORD })).headers.getSetCookie().length).toBeGreaterThan(0);

    // The API with a bearer token: an incident whose notice goes to the reader who stayed.
    const api = (path: string, init: RequestInit = {}) => fetch(`${app.base}${path}`, { ...init, headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json', 'x-request-id': 'logs-test-0001' } });
    const components = (await (await api('/api/v1/components')).json()) as { components: { slug: string }[] };
    const regions = (await (await api('/api/v1/regions')).json()) as { regions: { slug: string }[] };
    const created = await api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ name: 'Log test outage', status: 'investigating', impact: 'major', body: 'Looking into it.', deliver_notifications: true, impacts: [{ component: components.components[0]!.slug, region: regions.regions[0]!.slug, status: 'major_outage' }] }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(created.headers.get('x-request-id')).toBe('logs-test-0001');
    const incident = (await created.json()) as { id: string };
    const [notice] = await mailTo(READER, 2).then((all) => all.slice(1));
    for (const link of linksIn(notice!.raw).filter((l) => /\/(u|manage)\//.test(l))) secrets.set(`notice link ${link.length}`, link.split('/').pop()!.split(/[?#]/)[0]!);

    // A public page from the hot path carries a fresh request id too.
    const page = await fetch(`${app.base}/incidents/${incident.id}`);
    expect(page.status).toBe(200);
    const hotId = page.headers.get('x-request-id');
    expect(hotId).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    expect((await fetch(`${app.base}/`, { headers: { 'x-request-id': 'bad id\twith tab' } })).headers.get('x-request-id')).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    // Answers the front door writes in one go are logged on the spot, with their own bytes.
    const odd = await fetch(`${app.base}/`, { method: 'PROPFIND', headers: { 'x-request-id': 'logs-test-odd' } });
    expect(odd.status).toBe(405);
    expect(odd.headers.get('x-request-id')).toBe('logs-test-odd');

    await app.stop();
    const log = app.stdout();
    const lines = log
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request');

    // Positive control: the request lines are there, by pattern, and the masked addresses too.
    const seen = (method: string, route: string, status?: number) => requests.some((r) => r.method === method && r.route === route && (status === undefined || r.status === status));
    expect(seen('POST', '/admin/sign-in', 303)).toBe(true);
    expect(seen('POST', '/api/subscriptions', 202)).toBe(true);
    expect(seen('POST', '/confirm/:token', 303)).toBe(true);
    expect(seen('POST', '/u/:token', 200)).toBe(true);
    expect(seen('GET', '/admin/password-reset/:token')).toBe(true);
    expect(seen('POST', '/api/v1/incidents', 201)).toBe(true);
    expect(seen('GET', '/incidents/:id', 200)).toBe(true);
    expect(requests.find((r) => r.reqId === hotId)).toMatchObject({ component: 'http', route: '/incidents/:id', status: 200, bytes: Number(page.headers.get('content-length')), ms: expect.any(Number) });
    expect(Number(page.headers.get('content-length'))).toBeGreaterThan(0);
    expect(requests.find((r) => r.reqId === 'logs-test-odd')).toMatchObject({ method: 'PROPFIND', status: 405, bytes: Number(odd.headers.get('content-length')) });
    expect(requests.find((r) => r.reqId === 'logs-test-0001')).toMatchObject({ route: '/api/v1/components', status: 200 });
    for (const address of [ADMIN.email, READER, LEAVER]) expect(lines.some((l) => l.component === 'worker' && String(l.msg).includes(`sent to ${maskEmail(address)}`)), maskEmail(address)).toBe(true);
    expect(lines.some((l) => l.component === 'server' && String(l.msg).startsWith('Candor is running at'))).toBe(true);
    expect(secrets.size).toBeGreaterThanOrEqual(10);

    for (const [what, secret] of secrets) expect(log.includes(secret), `${what} in the log`).toBe(false);
    for (const address of [ADMIN.email, READER, LEAVER]) expect(log.toLowerCase().includes(address), `${address} in the log`).toBe(false);
    expect(app.output()).not.toContain(ADMIN.password);
  });
});
