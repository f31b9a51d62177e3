import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { subscribe, SUBSCRIBE_ANSWER } from '@/lib/server/subscriptions/subscribe';
import { checkConfirmToken, confirmSubscription } from '@/lib/server/subscriptions/confirm-subscription';
import { getSubscription } from '@/lib/server/subscriptions/manage-subscription';
import { createNotice } from '@/lib/server/notices/create-notice';
import { approveNotice } from '@/lib/server/notices/approve-notice';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { formatLocalTime } from '@/lib/mail/templates/variables';
import type { Actor } from '@/lib/server/actor';
import { POST as subscriptionsPOST } from '@/app/api/subscriptions/route';
import { GET as unsubscribeGET, POST as unsubscribePOST } from '@/app/u/[token]/route';
import { addSubscribers, createScenario, parse, rawHeaders, waitFor, type Scenario } from './notify-fixtures';

const linkIn = (text: string, path: string) => {
  const m = new RegExp(`http://localhost:3000/${path}/([A-Za-z0-9_.-]+)`).exec(text);
  if (!m) throw new Error(`no /${path}/ link in:\n${text}`);
  return m[1]!;
};

describe('subscribe, confirm, receive, one-click unsubscribe (sqlite)', () => {
  let t: TestDatabase;
  let sink: Sink;
  let s: Scenario;
  let worker: RunningWorker;
  let alice: Actor;
  let bob: Actor;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 1000 });
    installTransport(sink.url);
    s = await createScenario(t.handle.db);
    const a = await t.handle.db.user.create({ data: { email: 'alice@candor.test', name: 'Alice', role: 'responder', passwordHash: 'x' } });
    const b = await t.handle.db.user.create({ data: { email: 'bob@candor.test', name: 'Bob', role: 'responder', passwordHash: 'x' } });
    alice = { type: 'user', userId: a.id, label: 'Alice', role: 'responder' };
    bob = { type: 'user', userId: b.id, label: 'Bob', role: 'responder' };
    worker = await startWorker({ pollMs: 100, domainRate: 0 });
  });
  afterAll(async () => {
    await worker.stop();
    await closeTransport();
    await sink.stop();
    await t.drop();
  });

  it('walks a Telstra customer from the form to one branded notice and out again', async () => {
    const answer = await subscribe({ input: { email: ' Hiptop.Owner@Example.AU ', regions: ['telstra-au'], components: 'all', time_zone: 'Australia/Sydney', notice_kinds: [] }, ip: '203.0.113.9' });
    expect(answer).toEqual(SUBSCRIBE_ANSWER);
    const confirmMail = await waitFor('confirmation mail', () => sink.messages.find((m) => m.to[0] === 'hiptop.owner@example.au'));
    const parsedConfirm = await parse(confirmMail);
    expect(parsedConfirm.subject).toContain('Confirm');
    expect(parsedConfirm.html).toContain('/confirm/');
    const confirmToken = linkIn(parsedConfirm.text ?? '', 'confirm');

    // Not confirmed yet: a notice now does not reach them, while a confirmed Telstra reader (the control) gets it.
    await addSubscribers(t.handle.db, [{ email: 'control@example.au', regionIds: [s.regions.telstra] }]);
    const early = await createNotice({ actor: alice, input: { incident: s.incidentId, kind: 'update', subject: 'Before confirming' } });
    await waitFor('the early notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id: early.id } })).status === 'sent');
    const earlyTo = (await t.handle.db.delivery.findMany({ where: { noticeId: early.id }, select: { subscriber: { select: { email: true } } } })).map((d) => d.subscriber.email);
    expect(earlyTo).toEqual(['control@example.au']);
    await waitFor('the control got it', () => sink.messages.some((m) => m.to[0] === 'control@example.au'));
    expect(sink.messages.filter((m) => m.to[0] === 'hiptop.owner@example.au')).toHaveLength(1);

    expect((await getSubscription({ token: linkIn(await manageLinkAfterConfirm(confirmToken), 'manage') })).confirmed).toBe(true);

    const notice = await createNotice({ actor: alice, input: { incident: s.incidentId, kind: 'data_loss' } });
    expect(notice.status).toBe('pending_approval');
    await expect(approveNotice({ actor: alice, id: notice.id })).rejects.toThrow(/second staff member/);
    await approveNotice({ actor: bob, id: notice.id });
    const letter = await waitFor('data-loss notice', () => sink.messages.find((m) => m.to[0] === 'hiptop.owner@example.au' && /Hiptop data/.test(m.raw.toString())));
    const parsed = await parse(letter);
    expect(parsed.subject).toBe('Important: your Hiptop data is likely lost');
    expect(parsed.text).toContain('Telstra');
    expect(parsed.text).not.toContain('Sidekick');
    // The link keeps the carrier (issue 12): the incident page as Telstra's customers read it.
    expect(parsed.text).toContain(`http://localhost:3000/regions/telstra-au/incidents/${s.incidentId}`);
    expect(parsed.text).toContain(formatLocalTime(new Date('2009-10-02T09:30:00Z'), 'Australia/Sydney', 'en-AU'));
    const unsubscribeUrl = /^List-Unsubscribe: <([^>]+)>$/m.exec(rawHeaders(letter))![1]!;
    const token = unsubscribeUrl.split('/u/')[1]!;

    // Opening the link only asks; the POST (no cookies) unsubscribes at once.
    const page = await unsubscribeGET(new Request(unsubscribeUrl), { params: Promise.resolve({ token }) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post" action="?lang=en">');
    expect((await getSubscription({ token })).unsubscribed).toBe(false);
    const post = await unsubscribePOST(new Request(unsubscribeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }), { params: Promise.resolve({ token }) });
    expect(post.status).toBe(200);
    // Unsubscribing retires the link (issue 10): the answer carries the new one, which shows the state.
    await expect(getSubscription({ token })).rejects.toThrow(/not valid or has expired/);
    const next = /href="\/manage\/([^"?]+)/.exec(await post.text())![1]!;
    expect((await getSubscription({ token: next })).unsubscribed).toBe(true);

    const before = sink.messages.filter((m) => m.to[0] === 'hiptop.owner@example.au').length;
    const recovery = await createNotice({ actor: alice, input: { incident: s.incidentId, kind: 'recovery' } });
    await waitFor('recovery notice finished', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id: recovery.id } })).status === 'sent');
    expect(sink.messages.filter((m) => m.to[0] === 'hiptop.owner@example.au').length).toBe(before);
  });

  async function manageLinkAfterConfirm(confirmToken: string): Promise<string> {
    expect(await checkConfirmToken(confirmToken)).toBe(true);
    const { manageToken } = await confirmSubscription({ token: confirmToken });
    // The confirmation link works once.
    expect(await checkConfirmToken(confirmToken)).toBe(false);
    await expect(confirmSubscription({ token: confirmToken })).rejects.toThrow(/not valid or has expired/);
    return `http://localhost:3000/manage/${manageToken}`;
  }

  it('answers the same for a known address and mails its owner the manage link instead', async () => {
    const first = await subscribe({ input: { email: 'known@example.com' } });
    const mail = await waitFor('confirm', () => sink.messages.find((m) => m.to[0] === 'known@example.com'));
    await confirmSubscription({ token: linkIn((await parse(mail)).text ?? '', 'confirm') });
    const again = await subscribe({ input: { email: 'known@example.com' } });
    expect(again).toEqual(first);
    const second = await waitFor('manage-link mail', () => sink.messages.filter((m) => m.to[0] === 'known@example.com')[1]);
    expect((await parse(second)).text).toContain('/manage/');
  });

  it('expires confirmation links and reveals nothing for bad tokens', async () => {
    const past = new Date(Date.now() - 49 * 3600_000);
    await subscribe({ input: { email: 'late@example.com' }, now: past });
    const mail = await waitFor('confirm', () => sink.messages.find((m) => m.to[0] === 'late@example.com'));
    const token = linkIn((await parse(mail)).text ?? '', 'confirm');
    expect(await checkConfirmToken(token)).toBe(false);
    await expect(confirmSubscription({ token })).rejects.toThrow('This link is not valid or has expired.');
    await expect(confirmSubscription({ token: 'x'.repeat(43) })).rejects.toThrow('This link is not valid or has expired.');
    const res = await unsubscribeGET(new Request('http://localhost:3000/u/nope'), { params: Promise.resolve({ token: 'nope' }) });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('This link does not work');
    expect(html).not.toContain('example.com');
  });

  it('refuses bad input over HTTP: 422 malformed address, 413 oversized, 429 when rate limited', async () => {
    const call = (body: string, ip = '198.51.100.1') => subscriptionsPOST(new Request('http://localhost:3000/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json', 'x-candor-client-ip': ip }, body }));
    const bad = await call(JSON.stringify({ email: 'not-an-address' }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.field).toBe('email');
    const crlf = await call(JSON.stringify({ email: 'a@example.com\r\nBcc: x@example.com' }));
    expect(crlf.status).toBe(422);
    expect((await call(JSON.stringify({ email: 'tz@example.com', time_zone: 'Mars/Olympus' }))).status).toBe(422);
    expect((await call(JSON.stringify({ email: 'slug@example.com', regions: ['nowhere'] }))).status).toBe(422);
    expect((await call(JSON.stringify({ email: 'big@example.com', pad: 'x'.repeat(20_000) }))).status).toBe(413);
    const ok = await call(JSON.stringify({ email: 'ok@example.com', regions: ['tmobile-us'], components: ['contacts'], time_zone: 'America/New_York', notice_kinds: ['data_loss', 'recovery'] }));
    expect(ok.status).toBe(202);
    // The 202 wrote what was asked for, unconfirmed, with its confirmation mail queued; the refused ones wrote nothing.
    const written = await t.handle.db.subscriber.findUniqueOrThrow({ where: { key: 'ok@example.com' }, include: { regions: true, components: true } });
    expect(written).toMatchObject({ timeZone: 'America/New_York', allRegions: false, allComponents: false, confirmedAt: null });
    expect(written.noticeKinds.split(',').sort()).toEqual(['data_loss', 'recovery']);
    expect(written.regions.map((r) => r.regionId)).toEqual([s.regions.tmobile]);
    expect(written.components.map((c) => c.componentId)).toEqual([s.components.contacts]);
    expect(await t.handle.db.outboxMail.count({ where: { to: 'ok@example.com', kind: 'confirm_subscription' } })).toBe(1);
    const refused = ['not-an-address', 'tz@example.com', 'slug@example.com', 'big@example.com'];
    expect(await t.handle.db.subscriber.count({ where: { email: { in: refused } } })).toBe(0);
    expect(await t.handle.db.outboxMail.count({ where: { to: { in: refused } } })).toBe(0);

    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await call(JSON.stringify({ email: 'spam-target@example.com' }), `198.51.100.${10 + i}`)).status);
    const mailsBefore = await t.handle.db.outboxMail.count({ where: { to: 'spam-target@example.com' } });
    codes.push((await call(JSON.stringify({ email: 'spam-target@example.com' }), '198.51.100.15')).status);
    expect(codes.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(codes[5]).toBe(429);
    // The refused sixth call queued no mail for the target (the first five queued some: the control).
    expect(mailsBefore).toBeGreaterThan(0);
    expect(await t.handle.db.outboxMail.count({ where: { to: 'spam-target@example.com' } })).toBe(mailsBefore);
    const perIp: number[] = [];
    for (let i = 0; i < 21; i++) perIp.push((await call(JSON.stringify({ email: `p${i}@example.com` }), '192.0.2.77')).status);
    expect(perIp.filter((c) => c === 202)).toHaveLength(20);
    expect(perIp[20]).toBe(429);
    expect(await t.handle.db.subscriber.count({ where: { email: { in: perIp.map((_, i) => `p${i}@example.com`) } } })).toBe(20);
    expect(await t.handle.db.subscriber.findUnique({ where: { key: 'p20@example.com' } })).toBeNull();
  });
});
