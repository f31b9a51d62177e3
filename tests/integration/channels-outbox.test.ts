import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret, instanceSecret } from '@/lib/server/secret';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { closeChannelSenders, defaultChannelSenders, type ChannelSenders } from '@/lib/jobs/channel-dispatch';
import { newWebhookSecret } from '@/lib/channels/http/sign';
import { sealWebhookSecretWith, webhookBoxKey } from '@/lib/server/subscriptions/webhook-secret';
import type { Db } from '@/lib/server/db';
import { DISABLE_POLICY } from '@/lib/domain/endpoint-health';
import { recordEndpointHealth } from '@/lib/jobs/endpoint-health';
import { previewNotice } from '@/lib/server/notices/preview-notice';
import { countAudience } from '@/lib/jobs/audience-sql';
import { systemActor } from '@/lib/server/actor';
import { CHANNELS, HTTP_CHANNELS } from '@/lib/channels/types';
import { POST as unsubscribePOST } from '@/app/u/[token]/route';
import { startReceiver, type Receiver } from '@/tests/helpers/webhook-receiver';
import { addSubscribers, createScenario, parse, waitFor, type Scenario } from './notify-fixtures';
import { metricsRegistry } from '@/lib/server/metrics/registry';
import { mailStatus } from '@/lib/server/health/mail-status';
import { parseExposition, valueOf } from '@/tests/helpers/prometheus-text';
import { renderToStaticMarkup } from 'react-dom/server';
import { MailPreview } from '@/app/admin/notices/_components/mail-preview';
import { MAX_NOTICE_SEGMENTS, smsSegments } from '@/lib/channels/sms';

// Webhook, Slack, Teams and Discord subscribers through the same outbox as e-mail, against a real
// receiver on loopback that checks the Standard Webhooks signature. Loopback needs the private
// switch, so the worker is handed senders built with it (the refusal itself is tested in http-client.test.ts).

const fast = { pollMs: 50, backoff: { baseMs: 100, maxMs: 300 }, domainRate: 0, concurrency: 8 };

/** A confirmed webhook or chat subscriber posting to the receiver; returns its id and (for webhooks) its secret. */
async function addChannelSubscriber(db: Db, r: Receiver, channel: 'webhook' | 'slack' | 'teams' | 'discord', path: string, extra: { regionIds?: string[] } = {}): Promise<{ id: string; secret: string | null }> {
  const id = `sub_${channel}_${path.replace(/\W/g, '')}`;
  const email = `${path.replace(/\W/g, '')}@partner.example`;
  const endpoint = `${r.url}${path}`;
  const secret = channel === 'webhook' ? newWebhookSecret() : null;
  if (secret) r.secret(path, secret);
  await db.subscriber.create({
    data: {
      id,
      email,
      key: `${channel} ${email} ${endpoint}`,
      channel,
      endpoint,
      webhookSecret: secret ? sealWebhookSecretWith(webhookBoxKey(await instanceSecret()), id, secret) : null,
      confirmedAt: new Date(),
      manageTokenHash: `hash-${id}`,
      allRegions: !extra.regionIds,
      regions: extra.regionIds ? { create: extra.regionIds.map((regionId) => ({ regionId })) } : undefined,
    },
  });
  return { id, secret };
}

describe.each(DATABASE_KINDS)('channels through the outbox on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  let r: Receiver;
  let s: Scenario;
  let senders: ChannelSenders;
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 1000 });
    installTransport(sink.url);
    r = await startReceiver();
    s = await createScenario(t.handle.db);
    senders = defaultChannelSenders({ allowPrivate: true, concurrency: 8 });
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await t.handle.db.subscriber.deleteMany();
    r.received.length = 0;
    sink.messages.length = 0;
  });
  afterAll(async () => {
    await closeChannelSenders(senders);
    await r.stop();
    await closeTransport();
    await sink.stop();
    await t.drop();
  });

  const queued = async (kindOf: 'data_loss' | 'recovery' = 'data_loss') => (await t.handle.db.notice.create({ data: { incidentId: s.incidentId, kind: kindOf, status: 'queued', queuedAt: new Date() } })).id;
  const sent = (id: string) => waitFor(`notice ${id} sent`, async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent', 30_000);

  it('previews, per region, what each HTTP channel will post, in that carrier’s words', async () => {
    const preview = await previewNotice({ actor: systemActor, incidentId: s.incidentId, kind: 'data_loss' });
    expect(preview.regions.map((r) => r.carrier).sort()).toEqual(['T-Mobile', 'Telstra']);
    for (const region of preview.regions) {
      expect(region.channels.map((c) => c.channel)).toEqual([...HTTP_CHANNELS]);
      const other = region.carrier === 'Telstra' ? 'Sidekick' : 'Hiptop';
      for (const c of region.channels) {
        expect(() => JSON.parse(c.body) as unknown, c.channel).not.toThrow();
        expect(c.body, c.channel).toContain(region.product);
        expect(c.body, c.channel).not.toContain(other);
        expect(c.body, c.channel).not.toContain('{{%');
      }
      // The text message: the carrier speaking, within two segments, measured as it will be sent.
      const sms = region.sms!;
      expect(sms.text.startsWith(`${region.carrier}: `)).toBe(true);
      expect(sms.text).not.toContain(other);
      expect(smsSegments(sms.text)).toMatchObject({ segments: sms.segments, encoding: sms.encoding });
      expect(sms).toMatchObject({ encoding: 'GSM-7', maxSegments: MAX_NOTICE_SEGMENTS });
      expect(sms.fullSegments).toBeLessThanOrEqual(MAX_NOTICE_SEGMENTS);
      // The chat cards are drawn, not shown as JSON: the card holds the words and buttons, the JSON sits apart.
      const html = renderToStaticMarkup(MailPreview({ title: region.carrier, subject: region.subject, html: region.html, text: region.text, channels: region.channels, sms: region.sms }));
      for (const c of ['slack', 'teams', 'discord']) {
        const card = new RegExp(`class="chat-card chat-${c}">([\\s\\S]*?)<details>`).exec(html)?.[1] ?? '';
        expect(card, c).toContain(region.subject.replace(/&/g, '&amp;'));
        expect(card, c).toContain('See the live status');
        expect(card, c).toContain('Manage these notices');
        expect(card, c).not.toMatch(/[{}]|&quot;type&quot;/);
      }
      expect(html).toContain('Text message (SMS): ');
      expect(html).not.toContain('segments at full length');
    }
  });

  it('previews when a template is too long for two segments, or needs UCS-2, and says so', async () => {
    const long = await previewNotice({ actor: systemActor, incidentId: s.incidentId, kind: 'data_loss', subject: `Important: ${'your data and what we are doing about it, '.repeat(8)}` });
    for (const region of long.regions) {
      expect(region.sms!.fullSegments).toBeGreaterThan(MAX_NOTICE_SEGMENTS);
      expect(region.sms!.segments).toBeLessThanOrEqual(MAX_NOTICE_SEGMENTS);
      const html = renderToStaticMarkup(MailPreview({ title: region.carrier, subject: region.subject, html: region.html, text: region.text, sms: region.sms }));
      expect(html).toContain(`This text needs ${region.sms!.fullSegments} segments at full length, more than the 2 a notice may use`);
    }
    const wide = await previewNotice({ actor: systemActor, incidentId: s.incidentId, kind: 'data_loss', subject: 'Données perdues — 数据丢失' });
    expect(wide.regions[0]!.sms).toMatchObject({ encoding: 'UCS-2', nonGsmCharacters: expect.arrayContaining(['—', '数']) });
    const html = renderToStaticMarkup(MailPreview({ title: 'x', subject: 'x', html: '', text: '', sms: wide.regions[0]!.sms }));
    expect(html).toContain('Sent as UCS-2 (70 characters a segment, not 160) because of: ');
  });

  it("texts an update notice's own news: the update's first paragraph, cut to fit without a warning", async () => {
    const news = `Contacts are coming back for T-Mobile customers: ${'about 410,000 have theirs again, and the rest follow region by region, '.repeat(4)}`;
    const update = await t.handle.db.incidentUpdate.create({ data: { incidentId: s.incidentId, status: 'identified', body: `${news}\n\nPhotos remain at risk.`, authorName: 'Ann' } });
    try {
      const preview = await previewNotice({ actor: systemActor, incidentId: s.incidentId, kind: 'update' });
      const tmobile = preview.regions.find((r) => r.regionSlug === 'tmobile-us')!;
      expect(tmobile.sms).toMatchObject({ wordsFrom: 'update', segments: MAX_NOTICE_SEGMENTS });
      expect(tmobile.sms!.fullSegments).toBeGreaterThan(MAX_NOTICE_SEGMENTS);
      expect(tmobile.sms!.text.split('\n')[1]).toMatch(/^Contacts are coming back for T-Mobile customers: about 410,000 .*\.\.\.$/);
      expect(tmobile.sms!.text).not.toContain('Here is the latest');
      const html = renderToStaticMarkup(MailPreview({ title: 'T-Mobile', subject: tmobile.subject, html: tmobile.html, text: tmobile.text, sms: tmobile.sms }));
      expect(html).toContain(`The text passes on the update&#x27;s first paragraph, cut to fit the 2 segments a notice may use (${tmobile.sms!.fullSegments} at full length)`);
      expect(html).not.toContain('segments at full length, more than');
      // The same incident's data-loss notice still speaks from its template, and names the lost data.
      const loss = await previewNotice({ actor: systemActor, incidentId: s.incidentId, kind: 'data_loss' });
      const telstra = loss.regions.find((r) => r.regionSlug === 'telstra-au')!;
      expect(telstra.sms).toMatchObject({ wordsFrom: 'template' });
      expect(telstra.sms!.text).toContain('\nYour Contacts data is likely lost');
    } finally {
      await t.handle.db.incidentUpdate.delete({ where: { id: update.id } });
    }
  });

  const sentByChannel = async () => {
    const f = parseExposition(await metricsRegistry().metrics());
    return Object.fromEntries(CHANNELS.map((c) => [c, valueOf(f, 'candor_deliveries_total', { channel: c, kind: 'notice', outcome: 'sent' }) ?? 0]));
  };

  it('delivers one notice once to e-mail, webhook, Slack, Teams and Discord, each in its own shape and the carrier’s voice', async () => {
    await addSubscribers(t.handle.db, [{ email: 'mail@example.au', regionIds: [s.regions.telstra] }]);
    const wh = await addChannelSubscriber(t.handle.db, r, 'webhook', '/wh', { regionIds: [s.regions.telstra] });
    await addChannelSubscriber(t.handle.db, r, 'slack', '/slack', { regionIds: [s.regions.telstra] });
    await addChannelSubscriber(t.handle.db, r, 'teams', '/teams', { regionIds: [s.regions.tmobile] });
    await addChannelSubscriber(t.handle.db, r, 'discord', '/discord', { regionIds: [s.regions.telstra] });
    const before = await sentByChannel();
    const id = await queued();
    worker = await startWorker({ ...fast, channels: senders });
    await sent(id);
    for (const p of ['/wh', '/slack', '/teams', '/discord']) expect(r.at(p), p).toHaveLength(1);
    // The metrics count each delivery under its own channel (SMS, with no subscriber here, stays put).
    const after = await sentByChannel();
    expect(Object.fromEntries(CHANNELS.map((c) => [c, after[c]! - before[c]!]))).toEqual({ email: 1, webhook: 1, slack: 1, teams: 1, discord: 1, sms: 0 });
    expect(sink.messages.map((m) => m.to[0])).toEqual(['mail@example.au']);

    const hook = r.at('/wh')[0]!;
    expect(hook.verified).toBe(true);
    expect(hook.headers['webhook-id']).toMatch(/^msg_/);
    const payload = JSON.parse(hook.body) as { incident: { id: string; incident_updates: unknown[] }; page: object; meta: { unsubscribe: string }; candor: { region: { carrier: string; product: string }; data_state: string; impacts: { data_state: string }[] } };
    expect(payload.incident.id).toBe(s.incidentId);
    expect(payload.candor.region).toMatchObject({ carrier: 'Telstra', product: 'Hiptop' });
    expect(payload.candor.data_state).toBe('lost');
    expect(payload.meta.unsubscribe).toMatch(/\/u\//);

    const slack = JSON.parse(r.at('/slack')[0]!.body) as { text: string; blocks: { type: string }[] };
    expect(slack.text).toContain('Hiptop on Telstra');
    expect(slack.blocks.map((b) => b.type)).toContain('actions');
    const teams = JSON.parse(r.at('/teams')[0]!.body) as { type: string; attachments: { contentType: string; content: { body: { text?: string }[] } }[] };
    expect(teams.type).toBe('message');
    expect(teams.attachments[0]!.content.body[0]!.text).toContain('Sidekick');
    const discord = JSON.parse(r.at('/discord')[0]!.body) as { embeds: { title: string; color: number }[] };
    expect(discord.embeds[0]!.color).toBe(0x0064d2);
    // The same words as the Telstra e-mail.
    const mail = await parse(sink.messages[0]!);
    expect(slack.text.startsWith(mail.subject!)).toBe(true);
    expect(discord.embeds[0]!.title).toBe(mail.subject);
    const rows = await t.handle.db.delivery.findMany({ where: { noticeId: id } });
    expect(rows).toHaveLength(5);
    expect(rows.every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);
    // One-click removal works from the webhook's own unsubscribe link, as from an e-mail's.
    const token = /\/u\/([^/]+)$/.exec(payload.meta.unsubscribe)![1]!;
    const removed = await unsubscribePOST(new Request(payload.meta.unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }), { params: Promise.resolve({ token }) });
    expect(removed.status).toBe(200);
    expect((await t.handle.db.subscriber.findUniqueOrThrow({ where: { id: wh.id } })).unsubscribedAt).not.toBeNull();
  });

  it('a channel staff switched off reaches no one (nor counts in the audience); back on, it does again', async () => {
    await addChannelSubscriber(t.handle.db, r, 'slack', '/off-slack', { regionIds: [s.regions.telstra] });
    await addChannelSubscriber(t.handle.db, r, 'webhook', '/on-hook', { regionIds: [s.regions.telstra] });
    await t.handle.db.pageSettings.upsert({ where: { id: 1 }, create: { id: 1, channels: 'email,webhook' }, update: { channels: 'email,webhook' } });
    try {
      expect(await countAudience(s.incidentId, 'data_loss')).toBe(1);
      const id = await queued();
      worker = await startWorker({ ...fast, channels: senders });
      await sent(id);
      expect(r.at('/on-hook')).toHaveLength(1);
      expect(r.at('/off-slack')).toHaveLength(0);
      await t.handle.db.pageSettings.update({ where: { id: 1 }, data: { channels: 'email,webhook,slack,teams,discord,sms' } });
      expect(await countAudience(s.incidentId, 'data_loss')).toBe(2);
      await sent(await queued());
      expect(r.at('/off-slack')).toHaveLength(1);
      expect(r.at('/on-hook')).toHaveLength(2);
    } finally {
      await t.handle.db.pageSettings.deleteMany();
    }
  });

  it('a mail relay that is down holds e-mail only: webhooks go on, and the mail follows once the relay answers', async () => {
    await addSubscribers(t.handle.db, [{ email: 'held@example.au', regionIds: [s.regions.telstra] }]);
    const closed = await startSink({ keep: 0 });
    const deadPort = new URL(closed.url).port;
    await closed.stop();
    installTransport(`smtp://127.0.0.1:${deadPort}`, { socketTimeoutMs: 1000 });
    try {
      const first = await queued();
      worker = await startWorker({ ...fast, channels: senders });
      // The relay cannot be reached: mail pauses.
      await waitFor('the mail pause', async () => (await mailStatus()).status === 'degraded', 20_000);
      // A notice queued during the pause still reaches a webhook (the positive control for the held e-mail below).
      await addChannelSubscriber(t.handle.db, r, 'webhook', '/during-outage', { regionIds: [s.regions.telstra] });
      const second = await queued();
      await waitFor('the webhook posted during the outage', () => r.at('/during-outage').length === 1, 20_000);
      expect((await mailStatus()).status).toBe('degraded');
      const held = await t.handle.db.delivery.findMany({ where: { subscriber: { channel: 'email' } } });
      expect(held.map((d) => [d.status, d.attempts])).toEqual([
        ['pending', 0],
        ['pending', 0],
      ]);
      expect(sink.messages).toHaveLength(0);
      // The relay answers again: the held mail goes, once per notice.
      installTransport(sink.url);
      await sent(first);
      await sent(second);
      expect(sink.messages.map((m) => m.to[0])).toEqual(['held@example.au', 'held@example.au']);
      expect(r.at('/during-outage')).toHaveLength(1);
    } finally {
      installTransport(sink.url);
    }
  });

  it('honours Retry-After, fails a 4xx at once, and charges one retry to garbage, a redirect loop and an endless body', async () => {
    r.behave('/later', { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, { kind: 'status', status: 200 });
    r.behave('/gone', { kind: 'status', status: 410, body: 'no such hook' });
    r.behave('/garbage', { kind: 'garbage' }, { kind: 'status', status: 204 });
    r.behave('/loop', { kind: 'redirect-loop' }, { kind: 'status', status: 200 });
    r.behave('/stream', { kind: 'stream-forever' }, { kind: 'status', status: 200 });
    r.behave('/ok', { kind: 'status', status: 200 });
    const subs = Object.fromEntries(await Promise.all(['/later', '/gone', '/garbage', '/loop', '/stream', '/ok'].map(async (p) => [p, (await addChannelSubscriber(t.handle.db, r, 'webhook', p)).id] as const)));
    const id = await queued();
    worker = await startWorker({ ...fast, channels: senders });
    await sent(id);
    const rows = new Map((await t.handle.db.delivery.findMany({ where: { noticeId: id } })).map((d) => [d.subscriberId, d]));
    expect(rows.get(subs['/ok']!)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(rows.get(subs['/gone']!)).toMatchObject({ status: 'failed', attempts: 1, failureClass: 'rejected', lastError: 'HTTP 410: no such hook' });
    for (const p of ['/later', '/garbage', '/loop', '/stream']) expect(rows.get(subs[p]!), p).toMatchObject({ status: 'sent', attempts: 2 });
    for (const p of ['/later', '/garbage', '/loop', '/stream']) expect(r.at(p), p).toHaveLength(2);
    const later = r.at('/later');
    expect(later[1]!.at - later[0]!.at).toBeGreaterThanOrEqual(950);
    // Every attempt carries the same webhook-id, so a receiver can drop a repeat.
    expect(later[0]!.headers['webhook-id']).toBe(later[1]!.headers['webhook-id']);
    expect(r.received.every((x) => x.verified === true)).toBe(true);
  });

  it('disables an endpoint failing across 24 hours (by the clock it is given) and mails its contact; a healthy one is untouched', async () => {
    r.behave('/down', { kind: 'status', status: 503 });
    r.behave('/fine', { kind: 'status', status: 200 });
    const down = await addChannelSubscriber(t.handle.db, r, 'webhook', '/down');
    const fine = await addChannelSubscriber(t.handle.db, r, 'webhook', '/fine');
    let now = new Date('2026-11-01T00:00:00Z');
    const attemptsPerNotice = 3;
    const run = async () => {
      const id = await queued();
      worker = await startWorker({ ...fast, maxAttempts: attemptsPerNotice, channels: senders, clock: () => now });
      await sent(id);
      await worker.stop();
      worker = undefined;
      return id;
    };
    await run();
    const afterFirst = await t.handle.db.subscriber.findUniqueOrThrow({ where: { id: down.id } });
    expect(afterFirst).toMatchObject({ failureCount: attemptsPerNotice, disabledAt: null });
    expect(afterFirst.failingSince?.toISOString()).toBe(now.toISOString());
    expect(afterFirst.lastFailureAt?.toISOString()).toBe(now.toISOString());
    // A day later it still fails: past both the day and the minimum count, it is switched off (on the
    // retry: the first failure after a silence never disables by itself).
    now = new Date(now.getTime() + DISABLE_POLICY.afterMs + 60_000);
    const second = await run();
    const disabled = await t.handle.db.subscriber.findUniqueOrThrow({ where: { id: down.id } });
    expect(disabled.disabledAt?.toISOString()).toBe(now.toISOString());
    expect(disabled.disabledReason).toContain('HTTP 503');
    expect(disabled.failureCount).toBe(attemptsPerNotice + 2);
    expect(await t.handle.db.subscriber.findUniqueOrThrow({ where: { id: fine.id } })).toMatchObject({ disabledAt: null, failureCount: 0 });
    // The rest of that notice's attempts to it are canceled, not sent.
    expect(await t.handle.db.delivery.findFirstOrThrow({ where: { noticeId: second, subscriberId: down.id } })).toMatchObject({ status: 'canceled' });
    // Its contact is told, by the outbox mail path (HTML and text).
    worker = await startWorker({ ...fast, channels: senders });
    const told = await waitFor('the contact told', () => sink.messages.find((m) => m.to[0] === 'down@partner.example'));
    const mail = await parse(told);
    expect(mail.subject).toContain('switched off');
    expect(mail.text).toContain('127.0.0.1');
    expect(mail.html).toContain('Subscribe again');
    // The next notice reaches the healthy endpoint and not the disabled one.
    const hitsBefore = r.at('/down').length;
    const third = await queued();
    await sent(third);
    expect(await t.handle.db.delivery.count({ where: { noticeId: third, subscriberId: down.id } })).toBe(0);
    expect(await t.handle.db.delivery.count({ where: { noticeId: third, subscriberId: fine.id, status: 'sent' } })).toBe(1);
    expect(r.at('/down')).toHaveLength(hitsBefore);
  });

  it('two failures of one endpoint recorded together after a silence do not disable it; the next failure does', async () => {
    const blip = await addChannelSubscriber(t.handle.db, r, 'webhook', '/blip');
    const steady = await addChannelSubscriber(t.handle.db, r, 'webhook', '/steady');
    const monday = new Date('2026-11-02T00:00:00Z');
    // Both failed five times on Monday; `steady` failed again two hours ago, `blip` was not tried since.
    for (const id of [blip.id, steady.id]) await t.handle.db.subscriber.update({ where: { id }, data: { failingSince: monday, failureCount: 5, lastFailureAt: new Date(monday.getTime() + 2 * 3600_000) } });
    await t.handle.db.subscriber.update({ where: { id: steady.id }, data: { lastFailureAt: new Date(monday.getTime() + 70 * 3600_000) } });
    const thursday = new Date(monday.getTime() + 72 * 3600_000);
    const fail = (subscriberId: string) => ({ subscriberId, ok: false, reason: 'HTTP 503' });
    // Thursday: two notices reach each at once and fail. After its silence `blip` stays on; `steady`, the positive control, is switched off.
    expect(await recordEndpointHealth([fail(blip.id), fail(blip.id), fail(steady.id), fail(steady.id)], thursday)).toEqual([steady.id]);
    expect(await t.handle.db.subscriber.findUniqueOrThrow({ where: { id: blip.id } })).toMatchObject({ disabledAt: null, failureCount: 7 });
    // Its retry fails as well: now it is switched off.
    expect(await recordEndpointHealth([fail(blip.id)], new Date(thursday.getTime() + 600_000))).toEqual([blip.id]);
  });
});
