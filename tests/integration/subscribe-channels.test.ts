import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { CONFIRM_HOURS, subscribe, SUBSCRIBE_ANSWER } from '@/lib/server/subscriptions/subscribe';
import { openWebhookSecret } from '@/lib/server/subscriptions/webhook-secret';
import { confirmSubscription, pendingConfirmation } from '@/lib/server/subscriptions/confirm-subscription';
import { getSubscription } from '@/lib/server/subscriptions/manage-subscription';
import { importSubscribers } from '@/lib/server/subscribers/import-subscribers';
import { subscribeFields } from '@/lib/server/subscriptions/schemas';
import { AppError } from '@/lib/server/errors';
import { systemActor } from '@/lib/server/actor';
import type { Lookup } from '@/lib/channels/http/endpoint';
import { CHANNELS } from '@/lib/channels/types';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { POST as subscriptionsPOST } from '@/app/api/subscriptions/route';
import { createScenario, parse, waitFor } from './notify-fixtures';

// Subscribing by channel: the 422s that name the field, the signing secret shown once (answer and
// confirmation page), double opt-in by the contact address, and staff import with skip_confirmation.

const publicDns: Lookup = () => Promise.resolve([{ address: '93.184.216.34', family: 4 }]);
const loopbackDns: Lookup = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);

async function refusal(input: Record<string, unknown>, lookup?: Lookup): Promise<AppError> {
  try {
    await subscribe({ input, lookup });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(input)}`);
}

describe('subscribing by channel (sqlite)', () => {
  let t: TestDatabase;
  let sink: Sink;
  let worker: RunningWorker;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 1000 });
    installTransport(sink.url);
    await createScenario(t.handle.db);
    worker = await startWorker({ pollMs: 100, domainRate: 0 });
  });
  afterAll(async () => {
    await worker.stop();
    await closeTransport();
    await sink.stop();
    await t.drop();
  });

  it('offers exactly the channels the data model knows, under Statuspage’s field names', () => {
    expect(subscribeFields.shape.channel.unwrap().options).toEqual([...CHANNELS]);
    for (const f of ['channel', 'endpoint', 'phone_number', 'email']) expect(Object.keys(subscribeFields.shape)).toContain(f);
  });

  it('refuses with a 422 naming the field: plain http, inside addresses, a name resolving inside, a missing URL, an unknown or switched-off channel, SMS', async () => {
    const base = { email: 'ops@partner.example' };
    const cases: [Record<string, unknown>, string, RegExp, Lookup?][] = [
      [{ ...base, channel: 'webhook', endpoint: 'http://hooks.partner.example/x' }, 'endpoint', /https/, publicDns],
      [{ ...base, channel: 'webhook', endpoint: 'https://127.0.0.1/x' }, 'endpoint', /inside the network/],
      [{ ...base, channel: 'slack', endpoint: 'https://[::1]/x' }, 'endpoint', /inside the network/],
      [{ ...base, channel: 'discord', endpoint: 'https://169.254.169.254/latest' }, 'endpoint', /inside the network/],
      [{ ...base, channel: 'teams', endpoint: 'https://hooks.partner.example/x' }, 'endpoint', /resolves to the loopback address 127\.0\.0\.1/, loopbackDns],
      [{ ...base, channel: 'webhook' }, 'endpoint', /needs the https URL/],
      [{ ...base, endpoint: 'https://hooks.partner.example/x' }, 'endpoint', /email subscriptions take no endpoint/],
      [{ ...base, channel: 'slack', endpoint: 'https://hooks.partner.example/x', phone_number: '+61412345678' }, 'phone_number', /only SMS/, publicDns],
      [{ ...base, channel: 'pager', endpoint: 'https://hooks.partner.example/x' }, 'channel', /one of/],
      [{ ...base, channel: 'sms', phone_number: '0412 345 678' }, 'phone_number', /not a valid number in E\.164/],
      [{ ...base, channel: 'sms' }, 'phone_number', /needs a mobile number/],
    ];
    for (const [input, field, message, lookup] of cases) {
      const e = await refusal(input, lookup);
      expect(e.code, JSON.stringify(input)).toBe('validation');
      expect(e.field, JSON.stringify(input)).toBe(field);
      expect(e.message, JSON.stringify(input)).toMatch(message);
    }
    // Staff switch Slack off: refused; back on: accepted (positive control).
    await t.handle.db.pageSettings.upsert({ where: { id: 1 }, create: { id: 1, channels: 'email,webhook' }, update: { channels: 'email,webhook' } });
    const off = await refusal({ ...base, channel: 'slack', endpoint: 'https://hooks.slack.example/T/B/X' }, publicDns);
    expect([off.field, off.message]).toEqual(['channel', 'channel: Slack subscriptions are switched off on this status page']);
    const smsOff = await refusal({ ...base, channel: 'sms', phone_number: '+61412345678' });
    expect([smsOff.field, smsOff.message]).toEqual(['channel', 'channel: Text message (SMS) subscriptions are switched off on this status page']);
    await t.handle.db.pageSettings.update({ where: { id: 1 }, data: { channels: 'email,webhook,slack,teams,discord' } });
    await expect(subscribe({ input: { ...base, channel: 'slack', endpoint: 'https://hooks.slack.example/T/B/X' }, lookup: publicDns })).resolves.toMatchObject({ status: 'check_your_inbox' });
    expect(await t.handle.db.subscriber.count({ where: { email: 'ops@partner.example' } })).toBe(1);
  });

  it('answers 422 over HTTP with the field named', async () => {
    const res = await subscriptionsPOST(new Request('http://localhost/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@partner.example', channel: 'webhook', endpoint: 'https://10.1.2.3/hook' }) }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { field: string; message: string } }).error).toMatchObject({ field: 'endpoint', message: expect.stringMatching(/inside the network/) });
  });

  it('shows a webhook’s whsec_ secret only on the confirmation page, never to whoever asked, and confirms by the contact address', async () => {
    const answer = await subscribe({ input: { email: 'Hooks@Partner.Example', channel: 'webhook', endpoint: 'https://hooks.partner.example/candor', regions: ['telstra-au'] }, lookup: publicDns });
    // Anyone may ask to subscribe any contact's endpoint: the answer is the same as for e-mail, with no secret.
    expect(answer).toEqual(SUBSCRIBE_ANSWER);
    // The same contact can also take e-mail notices: a separate subscription.
    await subscribe({ input: { email: 'hooks@partner.example' } });
    const rows = await t.handle.db.subscriber.findMany({ where: { email: 'hooks@partner.example' }, orderBy: { channel: 'asc' } });
    expect(rows.map((r) => r.channel)).toEqual(['email', 'webhook']);
    const hook = rows[1]!;
    expect(hook.endpoint).toBe('https://hooks.partner.example/candor');
    expect(hook.webhookSecret).toBeTruthy();
    const secret = await openWebhookSecret(hook.id, hook.webhookSecret!);
    expect(secret).toMatch(/^whsec_/);
    expect(hook.webhookSecret).not.toContain(secret.slice(6, 20));
    const mails = await waitFor('two confirmation mails', () => {
      const m = sink.messages.filter((x) => x.to[0] === 'hooks@partner.example');
      return m.length >= 2 ? m : null;
    });
    const texts = await Promise.all(mails.map(async (m) => (await parse(m)).text ?? ''));
    const hookMail = texts.find((x) => x.replace(/\s+/g, ' ').includes('Webhook notices posted to hooks.partner.example'))!;
    expect(hookMail).toBeTruthy();
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(hookMail)![1]!;
    expect(await pendingConfirmation(token)).toEqual({ channel: 'webhook', endpointHost: 'hooks.partner.example', secret, locale: 'en-AU' });
    const { manageToken } = await confirmSubscription({ token });
    expect(await pendingConfirmation(token)).toBeNull();
    expect(await getSubscription({ token: manageToken })).toMatchObject({ channel: 'webhook', endpointHost: 'hooks.partner.example', confirmed: true, email: 'hooks@partner.example' });
    // Asking again for a confirmed subscription mails its manage link and leaves its secret alone.
    const again = await subscribe({ input: { email: 'hooks@partner.example', channel: 'webhook', endpoint: 'https://hooks.partner.example/candor' }, lookup: publicDns });
    expect(again).toEqual(SUBSCRIBE_ANSWER);
    const after = await t.handle.db.subscriber.findUniqueOrThrow({ where: { id: hook.id } });
    expect(await openWebhookSecret(hook.id, after.webhookSecret!)).toBe(secret);
  });

  it('a pending webhook asked for again keeps the secret its page shows; staff confirming it by import are given that secret', async () => {
    const input = { email: 'relay@partner.example', channel: 'webhook', endpoint: 'https://relay.partner.example/candor', regions: ['telstra-au'] };
    const row = () => t.handle.db.subscriber.findFirstOrThrow({ where: { email: 'relay@partner.example', channel: 'webhook' } });
    const now = new Date();
    await subscribe({ input, now, lookup: publicDns });
    const first = await row();
    const secret = await openWebhookSecret(first.id, first.webhookSecret!);
    // Asked again while its link lives: the same link is mailed, and the secret its page shows stays.
    await subscribe({ input, now: new Date(now.getTime() + 60_000), lookup: publicDns });
    const again = await row();
    expect(again.confirmTokenHash).toBe(first.confirmTokenHash);
    expect(await openWebhookSecret(again.id, again.webhookSecret!)).toBe(secret);
    // Staff import it as opted in elsewhere: the link stops working, so the secret is handed to them.
    const imported = await importSubscribers({ actor: systemActor, lookup: publicDns, rows: [{ ...input, skip_confirmation: true }] });
    expect(imported.results[0]).toMatchObject({ status: 'updated', secret });
    expect((await row()).confirmTokenHash).toBeNull();
    // The positive control: a link that has expired is replaced, and so is the secret with it.
    const other = { ...input, email: 'relay2@partner.example' };
    await subscribe({ input: other, now, lookup: publicDns });
    const otherRow = () => t.handle.db.subscriber.findFirstOrThrow({ where: { email: 'relay2@partner.example' } });
    const before = await otherRow();
    await subscribe({ input: other, now: new Date(now.getTime() + (CONFIRM_HOURS + 1) * 3600_000), lookup: publicDns });
    const after = await otherRow();
    expect(after.confirmTokenHash).not.toBe(before.confirmTokenHash);
    expect(await openWebhookSecret(after.id, after.webhookSecret!)).not.toBe(await openWebhookSecret(before.id, before.webhookSecret!));
  });

  it('lets staff import channel subscribers with skip_confirmation; a webhook row gets its secret once, bad rows name their field', async () => {
    const result = await importSubscribers({
      actor: systemActor,
      source: 'api',
      lookup: publicDns,
      rows: [
        { email: 'noc@partner.example', channel: 'webhook', endpoint: 'https://noc.partner.example/hook', skip_confirmation: true },
        { email: 'noc@partner.example', channel: 'discord', endpoint: 'https://discord.example/api/webhooks/1/abc', skip_confirmation: true },
        { email: 'noc@partner.example', channel: 'webhook', endpoint: 'http://noc.partner.example/hook', skip_confirmation: true },
        { email: 'noc@partner.example', channel: 'sms', phone_number: '+61412345678', skip_confirmation: true },
      ],
    });
    expect(result.results.map((r) => [r.status, r.channel ?? null, r.field ?? null])).toEqual([
      ['created', 'webhook', null],
      ['created', 'discord', null],
      ['rejected', null, 'endpoint'],
      ['rejected', null, 'channel'],
    ]);
    expect(result.results[0]!.secret).toMatch(/^whsec_/);
    expect(result.results[1]!.secret).toBeUndefined();
    const again = await importSubscribers({ actor: systemActor, lookup: publicDns, rows: [{ email: 'noc@partner.example', channel: 'webhook', endpoint: 'https://noc.partner.example/hook', skip_confirmation: true }] });
    expect(again.results[0]).toMatchObject({ status: 'updated' });
    expect(again.results[0]!.secret).toBeUndefined();
    expect(await t.handle.db.subscriber.count({ where: { email: 'noc@partner.example', confirmedAt: { not: null } } })).toBe(2);
  });
});
