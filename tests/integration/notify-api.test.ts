import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { cliActor } from '@/lib/server/actor';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { setNoticeState } from '@/lib/server/notices/set-notice-state';
import { previewNotice } from '@/lib/server/notices/preview-notice';
import { prepareNotice } from '@/lib/jobs/prepare-notice';
import { countAudience } from '@/lib/jobs/audience-sql';
import { csvToSubscriberRows } from '@/lib/server/subscribers/parse-csv';
import { importSubscribers } from '@/lib/server/subscribers/import-subscribers';
import { deliveryRegion } from '@/lib/domain/audience';
import { POST as noticesPOST } from '@/app/api/v1/notices/route';
import { GET as noticeGET } from '@/app/api/v1/notices/[id]/route';
import { POST as approvePOST } from '@/app/api/v1/notices/[id]/approve/route';
import { GET as subscribersGET, POST as subscribersPOST } from '@/app/api/v1/subscribers/route';
import { DELETE as subscriberDELETE, GET as subscriberGET } from '@/app/api/v1/subscribers/[id]/route';
import { addSubscribers, createScenario, type Scenario } from './notify-fixtures';

const req = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
  new Request(`http://localhost:3000${path}`, { method: init.method ?? 'GET', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe.each(DATABASE_KINDS)('notices and subscribers API on %s', (kind) => {
  let t: TestDatabase;
  let s: Scenario;
  let aliceToken: string;
  let bobToken: string;
  let botToken: string;
  let viewerToken: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    s = await createScenario(t.handle.db);
    const alice = await t.handle.db.user.create({ data: { email: 'alice@candor.test', name: 'Alice', role: 'responder', passwordHash: 'x' } });
    const bob = await t.handle.db.user.create({ data: { email: 'bob@candor.test', name: 'Bob', role: 'admin', passwordHash: 'x' } });
    aliceToken = (await createApiToken({ actor: cliActor, input: { name: 'alice', role: 'responder', userId: alice.id } })).token;
    bobToken = (await createApiToken({ actor: cliActor, input: { name: 'bob', role: 'responder', userId: bob.id } })).token;
    botToken = (await createApiToken({ actor: cliActor, input: { name: 'bot', role: 'admin' } })).token;
    viewerToken = (await createApiToken({ actor: cliActor, input: { name: 'viewer', role: 'viewer' } })).token;
  });
  afterAll(async () => {
    await t.drop();
  });

  it('imports up to 1,000 subscribers per call, keeping good rows and reporting bad ones', async () => {
    const res = await subscribersPOST(
      req('/api/v1/subscribers', botToken, {
        method: 'POST',
        body: {
          subscribers: [
            { email: 'tel@example.au', regions: ['telstra-au'], components: 'all', time_zone: 'Australia/Sydney', skip_confirmation: true },
            { email: 'tm@example.com', regions: ['tmobile-us'], components: ['contacts'], time_zone: 'America/Los_Angeles', skip_confirmation: true },
            { email: 'broken', skip_confirmation: true },
            { email: 'zone@example.com', time_zone: 'Nowhere/Land', skip_confirmation: true },
            { email: 'slug@example.com', regions: ['atlantis'], skip_confirmation: true },
            { email: 'optin@example.com' },
            { email: 'TEL@example.au', skip_confirmation: true },
          ],
        },
      }),
    );
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body).toMatchObject({ created: 2, rejected: 5 });
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'created', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(body.results[2].field).toBe('email');
    expect(body.results[3].error).toContain('time zone');
    expect(body.results[4].error).toContain('atlantis');
    expect(body.results[5].field).toBe('skip_confirmation');
    expect(body.results[6].error).toContain('twice');
    const tooMany = await subscribersPOST(req('/api/v1/subscribers', botToken, { method: 'POST', body: Array.from({ length: 1001 }, (_, i) => ({ email: `x${i}@example.com`, skip_confirmation: true })) }));
    expect(tooMany.status).toBe(413);
    expect((await subscribersPOST(req('/api/v1/subscribers', viewerToken, { method: 'POST', body: { email: 'v@example.com', skip_confirmation: true } }))).status).toBe(403);

    const list = await (await subscribersGET(req('/api/v1/subscribers?state=confirmed&per_page=1', viewerToken))).json();
    expect(list.total).toBe(2);
    expect(list.subscribers).toHaveLength(1);
  });

  it('imports CSV the same way', async () => {
    const csv = 'email,regions,components,time_zone\r\ncsv1@example.com,telstra-au,contacts;photos,Australia/Perth\r\n"csv2@example.com",all,all,\r\nnot an address,,,\r\ncsv3@example.com,tmobile-us,,Bad/Zone\r\n';
    const { rows } = csvToSubscriberRows(csv);
    const result = await importSubscribers({ actor: { type: 'cli', label: 'test', role: 'admin' }, rows, source: 'csv' });
    expect(result).toMatchObject({ created: 2, rejected: 2 });
    expect(result.results.filter((r) => r.status === 'rejected').map((r) => r.row)).toEqual([3, 4]);
    const one = await t.handle.db.subscriber.findUniqueOrThrow({ where: { key: 'csv1@example.com' }, include: { components: true } });
    expect(one).toMatchObject({ timeZone: 'Australia/Perth', allRegions: false, allComponents: false, source: 'csv' });
    expect(one.components).toHaveLength(2);
    expect(csvToSubscriberRows('name\nx').error).toContain('email');
  });

  it('creates a data-loss notice that only another staff member can approve', async () => {
    const created = await noticesPOST(req('/api/v1/notices', aliceToken, { method: 'POST', body: { incident: s.incidentId, kind: 'data_loss', subject: 'About your {{product}}' } }));
    expect(created.status).toBe(201);
    const notice = await created.json();
    expect(notice).toMatchObject({ status: 'pending_approval', kind: 'data_loss', sent: 0, failed: 0, pending: 0 });
    expect(notice.audience).toBeGreaterThan(0);
    const self = await approvePOST(req(`/api/v1/notices/${notice.id}/approve`, aliceToken, { method: 'POST' }), params(notice.id));
    expect(self.status).toBe(403);
    expect((await self.json()).error.message).toContain('second staff member');
    const bot = await approvePOST(req(`/api/v1/notices/${notice.id}/approve`, botToken, { method: 'POST' }), params(notice.id));
    expect(bot.status).toBe(403);
    const ok = await approvePOST(req(`/api/v1/notices/${notice.id}/approve`, bobToken, { method: 'POST' }), params(notice.id));
    expect(ok.status).toBe(200);
    expect((await ok.json()).status).toBe('queued');
    expect((await approvePOST(req(`/api/v1/notices/${notice.id}/approve`, bobToken, { method: 'POST' }), params(notice.id))).status).toBe(409);

    await prepareNotice(notice.id);
    const progress = await (await noticeGET(req(`/api/v1/notices/${notice.id}`, viewerToken), params(notice.id))).json();
    expect(progress).toMatchObject({ status: 'sending', sent: 0, failed: 0 });
    expect(progress.pending).toBe(progress.audience);

    const actor = { type: 'user' as const, userId: 'x', label: 'x', role: 'responder' as const };
    await setNoticeState({ actor, id: notice.id, action: 'pause' });
    await expect(setNoticeState({ actor, id: notice.id, action: 'pause' })).rejects.toThrow(/cannot pause/);
    await setNoticeState({ actor, id: notice.id, action: 'resume' });
    await setNoticeState({ actor, id: notice.id, action: 'cancel' });
    const after = await (await noticeGET(req(`/api/v1/notices/${notice.id}`, viewerToken), params(notice.id))).json();
    expect(after).toMatchObject({ status: 'canceled', pending: 0 });
    expect(after.canceled).toBe(after.audience);

    expect((await noticesPOST(req('/api/v1/notices', aliceToken, { method: 'POST', body: { incident: 'nope', kind: 'update' } }))).status).toBe(404);
    expect((await noticesPOST(req('/api/v1/notices', aliceToken, { method: 'POST', body: { incident: s.incidentId, kind: 'gossip' } }))).status).toBe(422);
    expect((await noticesPOST(req('/api/v1/notices', viewerToken, { method: 'POST', body: { incident: s.incidentId, kind: 'update' } }))).status).toBe(403);
  });

  it('previews each region in its own voice with its audience', async () => {
    const preview = await previewNotice({ actor: { type: 'cli', label: 't', role: 'admin' }, incidentId: s.incidentId, kind: 'update', body: 'Hello {{product}} friends; {{nonsense}}' });
    const bySlug = Object.fromEntries(preview.regions.map((r) => [r.regionSlug, r]));
    expect(bySlug['telstra-au']!.subject).toContain('Hiptop');
    expect(bySlug['telstra-au']!.text).toContain('Hello Hiptop friends');
    expect(bySlug['tmobile-us']!.subject).toContain('Sidekick');
    expect(bySlug['tmobile-us']!.html).toContain('T-Mobile');
    expect(preview.unknownVariables).toEqual(['nonsense']);
    expect(preview.audience).toBe(await countAudience(s.incidentId, 'update'));
    // A recovery notice is previewed (and sent) only where data is coming back: T-Mobile here.
    const recovery = await previewNotice({ actor: { type: 'cli', label: 't', role: 'admin' }, incidentId: s.incidentId, kind: 'recovery' });
    expect(recovery.regions.map((r) => r.regionSlug)).toEqual(['tmobile-us']);
    expect(recovery.audience).toBe(await countAudience(s.incidentId, 'recovery'));
  });

  it('deletes a subscriber', async () => {
    const sub = await t.handle.db.subscriber.findUniqueOrThrow({ where: { key: 'csv2@example.com' } });
    expect((await subscriberDELETE(req(`/api/v1/subscribers/${sub.id}`, botToken, { method: 'DELETE' }), params(sub.id))).status).toBe(204);
    expect(await t.handle.db.subscriber.findUnique({ where: { id: sub.id } })).toBeNull();
    expect(await t.handle.db.subscriber.count()).toBeGreaterThan(0);
    expect((await subscriberDELETE(req(`/api/v1/subscribers/${sub.id}`, botToken, { method: 'DELETE' }), params(sub.id))).status).toBe(404);
  });

  it('fans out in SQL exactly as lib/domain/audience.ts says, on random subscribers', async () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: T[]) => xs.filter(() => rnd() < 0.4);
    const regionIds = Object.values(s.regions);
    const componentIds = Object.values(s.components);
    const kinds = ['update', 'recovery', 'data_loss', ''];
    const specs = Array.from({ length: 300 }, (_, i) => ({
      email: `r${i}@random.example`,
      regionIds: rnd() < 0.3 ? undefined : pick(regionIds),
      componentIds: rnd() < 0.3 ? undefined : pick(componentIds),
      noticeKinds: kinds[Math.floor(rnd() * kinds.length)]!,
      confirmed: rnd() < 0.9,
    }));
    const ids = await addSubscribers(t.handle.db, specs);
    const impacts = await t.handle.db.incidentImpact.findMany({ where: { incidentId: s.incidentId } });
    const regions = await t.handle.db.region.findMany();
    const suppressedEmails = new Set((await t.handle.db.suppression.findMany()).map((x) => x.email));
    for (const kind of ['update', 'recovery', 'data_loss'] as const) {
      const n = await t.handle.db.notice.create({ data: { incidentId: s.incidentId, kind, status: 'queued' } });
      await prepareNotice(n.id, { batchSize: 37 });
      const rows = await t.handle.db.delivery.findMany({ where: { noticeId: n.id, subscriberId: { in: ids } } });
      const got = Object.fromEntries(rows.map((r) => [r.subscriberId, r.regionId]));
      const want: Record<string, string> = {};
      specs.forEach((sp, i) => {
        const region = deliveryRegion(
          { allRegions: !sp.regionIds, regionIds: sp.regionIds ?? [], allComponents: !sp.componentIds, componentIds: sp.componentIds ?? [], noticeKinds: sp.noticeKinds, confirmedAt: sp.confirmed ? new Date() : null, unsubscribedAt: null, pausedAt: null, suppressed: suppressedEmails.has(sp.email) },
          impacts,
          regions,
          kind,
        );
        if (region) want[ids[i]!] = region;
      });
      expect(Object.keys(want).length).toBeGreaterThan(kind === 'update' ? 50 : 10);
      expect(got).toEqual(want);
    }
  });

  it('finds an SMS subscriber by the number typed in any usual form, and by address; the number is listed', async () => {
    await t.handle.db.subscriber.create({ data: { id: 'sub_find_sms', email: 'phone.owner@find.example', key: 'sms +61412987654', channel: 'sms', phoneNumber: '+61412987654', confirmedAt: new Date(), manageTokenHash: 'hash-sub_find_sms' } });
    await t.handle.db.subscriber.create({ data: { id: 'sub_find_mail', email: 'mail.0412987@find.example', key: 'mail.0412987@find.example', confirmedAt: new Date(), manageTokenHash: 'hash-sub_find_mail' } });
    const found = async (q: string) => ((await (await subscribersGET(req(`/api/v1/subscribers?q=${encodeURIComponent(q)}`, viewerToken))).json()) as { subscribers: { id: string; phone_number: string | null }[] }).subscribers.map((x) => x.id).sort();
    for (const q of ['+61412987654', '+61 412 987 654', '0412 987 654', '0412-987-654', '(04) 1298 7654', '987654']) expect(await found(q), q).toEqual(['sub_find_sms']);
    // The address still matches as text: digits in an address are found as before.
    expect(await found('mail.0412987')).toEqual(['sub_find_mail']);
    expect(await found('find.example')).toEqual(['sub_find_mail', 'sub_find_sms']);
    // Too few digits to mean a number, or another number: only the address text is searched.
    expect(await found('654')).toEqual([]);
    expect(await found('0412 111 222')).toEqual([]);
    const listed = (await (await subscribersGET(req('/api/v1/subscribers?q=find.example', viewerToken))).json()) as { subscribers: { id: string; phone_number: string | null }[] };
    expect(listed.subscribers.find((x) => x.id === 'sub_find_sms')?.phone_number).toBe('+61412987654');
    await t.handle.db.subscriber.deleteMany({ where: { id: { in: ['sub_find_sms', 'sub_find_mail'] } } });
  });

  it('never shows a chat or webhook endpoint in full (its path is the credential), in the list or one by one', async () => {
    const secretPath = '/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstWXYZ';
    const slack = `https://hooks.slack.com${secretPath}`;
    const hook = 'https://noc.partner.example/candor/incoming-hooks/7f3a9c';
    for (const [id, channel, endpoint] of [['sub_mask_slack', 'slack', slack], ['sub_mask_hook', 'webhook', hook]] as const) {
      await t.handle.db.subscriber.create({ data: { id, email: `${channel}@mask.example`, key: `${channel} ${channel}@mask.example ${endpoint}`, channel, endpoint, confirmedAt: new Date(), manageTokenHash: `hash-${id}` } });
    }
    const list = (await (await subscribersGET(req('/api/v1/subscribers?q=mask.example', viewerToken))).json()) as { subscribers: { id: string; channel: string; endpoint: string | null }[] };
    const one = async (id: string) => {
      const res = await subscriberGET(req(`/api/v1/subscribers/${id}`, viewerToken), params(id));
      expect(res.status).toBe(200);
      return ((await res.json()) as { endpoint: string }).endpoint;
    };
    const shown = Object.fromEntries(list.subscribers.map((x) => [x.id, x.endpoint]));
    expect(shown).toEqual({ sub_mask_slack: 'https://hooks.slack.com/…WXYZ', sub_mask_hook: `https://noc.partner.example/…${hook.slice(-4)}` });
    expect(await one('sub_mask_slack')).toBe(shown.sub_mask_slack);
    expect(await one('sub_mask_hook')).toBe(shown.sub_mask_hook);
    const everything = JSON.stringify(list) + (await one('sub_mask_slack'));
    expect(everything).not.toContain(secretPath.slice(0, -4));
    expect(everything).not.toContain('/candor/incoming-hooks');
    // The full URL is kept for delivery (the control: masking is for display only).
    expect((await t.handle.db.subscriber.findUniqueOrThrow({ where: { id: 'sub_mask_slack' } })).endpoint).toBe(slack);
    expect((await subscriberGET(req('/api/v1/subscribers/sub_nobody', viewerToken), params('sub_nobody'))).status).toBe(404);
    await t.handle.db.subscriber.deleteMany({ where: { id: { in: ['sub_mask_slack', 'sub_mask_hook'] } } });
  });
});
