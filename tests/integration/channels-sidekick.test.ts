import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { cliActor, type Actor } from '@/lib/server/actor';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { createNotice } from '@/lib/server/notices/create-notice';
import { approveNotice } from '@/lib/server/notices/approve-notice';
import { postUpdate } from '@/lib/server/incidents/post-update';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { countAudience } from '@/lib/jobs/audience-sql';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { closeChannelSenders, defaultChannelSenders, type ChannelSenders } from '@/lib/jobs/channel-dispatch';
import { createSmsSender, MAX_NOTICE_SEGMENTS, parseSmsUrl, smsSegments } from '@/lib/channels/sms';
import { SMS_STOP_LINE } from '@/lib/channels/payloads/sms';
import { installWebSmsSender } from '@/lib/server/sms/web-sender';
import { POST as subscriptionsPOST } from '@/app/api/subscriptions/route';
import { POST as smsCodePOST } from '@/app/api/subscriptions/sms-code/route';
import { POST as subscribersPOST } from '@/app/api/v1/subscribers/route';
import { startReceiver, type Receiver } from '@/tests/helpers/webhook-receiver';
import { startSmsc, type Smsc } from '@/tests/helpers/smsc';
import { waitFor } from './notify-fixtures';

// The "done when", on the seeded Sidekick week: a Telstra customer subscribed by SMS (with
// the texted code), a partner's webhook on T-Mobile and a team's Slack on Telstra each get exactly
// one data-loss notice and one recovery notice, in their own carrier's voice. A Rogers customer,
// whose carrier lost nothing, is the control: subscribed the same way, texted nothing.

// The receivers are on loopback, which only this switch allows (read once, at the first env()).
process.env.WEBHOOKS_ALLOW_PRIVATE = '1';

const fast = { pollMs: 50, backoff: { baseMs: 100, maxMs: 300 }, domainRate: 0, concurrency: 8 };
const INCIDENT = 'demo-sidekick-data-loss';
const TELSTRA_PHONE = '+61412345678';
const ROGERS_PHONE = '+14165550123';

const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9', ...headers }, body: JSON.stringify(body) });

describe.each(DATABASE_KINDS)('the Sidekick week by SMS, webhook and Slack on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  let receiver: Receiver;
  let smsc: Smsc;
  let senders: ChannelSenders;
  let worker: RunningWorker;
  let alice: Actor;
  let bob: Actor;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 5000 });
    installTransport(sink.url);
    receiver = await startReceiver();
    smsc = await startSmsc({ receipts: true });
    await loadDemo({ actor: cliActor });
    const a = await t.handle.db.user.create({ data: { email: 'alice@candor.test', name: 'Alice', role: 'responder', passwordHash: 'x' } });
    const b = await t.handle.db.user.create({ data: { email: 'bob@candor.test', name: 'Bob', role: 'responder', passwordHash: 'x' } });
    alice = { type: 'user', userId: a.id, label: a.email, role: 'responder' };
    bob = { type: 'user', userId: b.id, label: b.email, role: 'responder' };
    // The web process texts codes, the worker texts notices: two binds to the same SMSC, as in production.
    await installWebSmsSender(createSmsSender({ config: parseSmsUrl(smsc.url()), log: () => undefined }));
    senders = defaultChannelSenders({ allowPrivate: true, concurrency: 8, sms: createSmsSender({ config: parseSmsUrl(smsc.url()), log: () => undefined }) });
    worker = await startWorker({ ...fast, channels: senders });
  });
  afterAll(async () => {
    await worker?.stop();
    if (senders) await closeChannelSenders(senders);
    await installWebSmsSender(null);
    await smsc?.stop();
    await receiver?.stop();
    await closeTransport();
    await sink?.stop();
    await t?.drop();
  });

  /** Subscribes a phone through the public API and confirms it with the code texted to it. */
  async function subscribeBySms(phone: string, region: string, email: string): Promise<void> {
    const asked = await subscriptionsPOST(json('/api/subscriptions', { channel: 'sms', phone_number: phone, email, regions: [region] }));
    expect(asked.status).toBe(202);
    const texted = smsc.messages.filter((m) => m.to === phone).map((m) => m.text);
    const code = /^(\d{6}) is your /.exec(texted[texted.length - 1] ?? '')?.[1];
    expect(code, JSON.stringify(texted)).toBeTruthy();
    const confirmed = await smsCodePOST(json('/api/subscriptions/sms-code', { phone_number: phone, code }));
    expect(confirmed.status).toBe(200);
  }

  it('each gets exactly one data-loss and one recovery notice, branded for its carrier', async () => {
    await subscribeBySms(TELSTRA_PHONE, 'telstra-au', 'hiptop.owner@example.au');
    await subscribeBySms(ROGERS_PHONE, 'rogers-ca', 'sidekick.owner@example.ca');
    const codes = smsc.messages.length;
    expect(codes).toBe(2);

    const token = (await createApiToken({ actor: cliActor, input: { name: 'partners', role: 'responder', userId: alice.userId } })).token;
    const added = await subscribersPOST(
      json(
        '/api/v1/subscribers',
        [
          { channel: 'webhook', endpoint: `${receiver.url}/partner`, email: 'noc@partner.example', regions: ['tmobile-us'], skip_confirmation: true },
          { channel: 'slack', endpoint: `${receiver.url}/services/T0/B0/team`, email: 'team@hiptop-support.example', regions: ['telstra-au'], skip_confirmation: true },
        ],
        { authorization: `Bearer ${token}` },
      ),
    );
    expect(added.status).toBe(201);
    const results = ((await added.json()) as { results: { status: string; secret?: string }[] }).results;
    expect(results.map((r) => r.status)).toEqual(['created', 'created']);
    expect(results[0]!.secret).toMatch(/^whsec_/);
    receiver.secret('/partner', results[0]!.secret!);

    // Data loss: Alice writes it, Bob approves it (the two-person rule), and the outbox sends it.
    const lossAudience = await countAudience(INCIDENT, 'data_loss');
    const loss = await createNotice({ actor: alice, input: { incident: INCIDENT, kind: 'data_loss' } });
    expect(loss.status).toBe('pending_approval');
    await approveNotice({ actor: bob, id: loss.id });
    const sent = (id: string) => waitFor(`notice ${id} sent`, async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent', 60_000);
    await sent(loss.id);

    // Recovery starts for Hiptop customers: an update that says so sends a recovery notice by itself.
    const update = await postUpdate({
      actor: alice,
      input: {
        incident_id: INCIDENT,
        status: 'identified',
        body: 'Recovery has started for more customers.',
        bodies_by_region: { 'telstra-au': '**Recovery has started for your Hiptop.** Contacts come back to each device the next time it synchronises.' },
        deliver_notifications: true,
        impacts: [{ component: 'contacts', region: 'telstra-au', status: 'partial_outage', data_state: 'recovering', affected_users: 33_000, restored_users: 4_000 }],
      },
    });
    expect(update.noticeId).toBeTruthy();
    const recovery = await t.handle.db.notice.findUniqueOrThrow({ where: { id: update.noticeId! } });
    expect(recovery.kind).toBe('recovery');
    const recoveryAudience = await countAudience(INCIDENT, 'recovery');
    await sent(recovery.id);
    // A few more polls of the worker: nothing more goes out.
    await new Promise((r) => setTimeout(r, 500));

    // Everyone else in the seeded audience was mailed (the fan-out reached them all, once).
    const rows = await t.handle.db.delivery.groupBy({ by: ['noticeId'], where: { noticeId: { in: [loss.id, recovery.id] }, status: 'sent' }, _count: { _all: true } });
    expect(Object.fromEntries(rows.map((r) => [r.noticeId, r._count._all]))).toEqual({ [loss.id]: lossAudience, [recovery.id]: recoveryAudience });
    const mailed = await t.handle.db.delivery.count({ where: { noticeId: { in: [loss.id, recovery.id] }, status: 'sent', subscriber: { channel: 'email' } } });
    expect(mailed).toBe(lossAudience + recoveryAudience - 6);
    expect(sink.messages.length).toBe(mailed);

    // SMS: two texts to the Telstra customer, in Telstra's voice; none to Rogers (its carrier lost nothing).
    const notices = smsc.messages.slice(codes);
    expect(notices.map((m) => m.to)).toEqual([TELSTRA_PHONE, TELSTRA_PHONE]);
    const [lossText, recoveryText] = notices.map((m) => m.text) as [string, string];
    // Each from the sender ID the demo gives Telstra's region, as an alphanumeric sender (TON 5).
    expect(notices.flatMap((m) => m.parts.map((p) => [p.from, p.sourceTon]))).toEqual(notices.flatMap((m) => m.parts.map(() => ['Telstra', 5])));
    for (const text of [lossText, recoveryText]) {
      expect(text.startsWith('Telstra: ')).toBe(true);
      expect(text).toContain('/regions/telstra-au');
      expect(text.endsWith(SMS_STOP_LINE)).toBe(true);
      expect(text).not.toMatch(/T-Mobile|Sidekick|\{\{%/);
      expect(smsSegments(text).segments).toBeLessThanOrEqual(MAX_NOTICE_SEGMENTS);
    }
    expect(lossText).toMatch(/Hiptop.*lost/is);
    expect(recoveryText).toMatch(/Hiptop.*being recovered/is);
    expect(smsc.messages.filter((m) => m.to === ROGERS_PHONE)).toHaveLength(1);

    // Webhook: two signed posts in the Statuspage shape, about T-Mobile's Sidekick customers.
    const hooks = receiver.at('/partner');
    expect(hooks).toHaveLength(2);
    expect(hooks.every((h) => h.verified === true)).toBe(true);
    const payloads = hooks.map((h) => JSON.parse(h.body) as { incident: { id: string }; candor: { notice: { id: string; kind: string; subject: string }; region: { carrier: string; product: string }; data_state: string } });
    expect(payloads.map((p) => [p.candor.notice.id, p.candor.notice.kind, p.incident.id])).toEqual([
      [loss.id, 'data_loss', INCIDENT],
      [recovery.id, 'recovery', INCIDENT],
    ]);
    expect(payloads.map((p) => p.candor.region)).toMatchObject([
      { carrier: 'T-Mobile', product: 'Sidekick' },
      { carrier: 'T-Mobile', product: 'Sidekick' },
    ]);
    expect(payloads.map((p) => p.candor.data_state)).toEqual(['lost', 'recovering']);
    expect(payloads.map((p) => p.candor.notice.subject)).toEqual([expect.stringMatching(/Sidekick.*lost/), expect.stringMatching(/Sidekick.*recovered/)]);
    expect(hooks.map((h) => h.body).join('')).not.toMatch(/Telstra|Hiptop/);

    // Slack: two Block Kit messages, in Telstra's words about the Hiptop.
    const slack = receiver.at('/services/T0/B0/team');
    expect(slack).toHaveLength(2);
    const messages = slack.map((h) => JSON.parse(h.body) as { text: string; blocks: { type: string }[] });
    for (const m of messages) {
      expect(m.text).toContain('(Hiptop on Telstra)');
      expect(m.blocks.map((b) => b.type)).toContain('actions');
      expect(JSON.stringify(m)).not.toMatch(/T-Mobile|Sidekick/);
    }
    expect(messages[1]!.text).not.toBe(messages[0]!.text);
    expect(JSON.stringify(messages[1])).toContain('Recovery has started for your Hiptop.');
  }, 120_000);
});
