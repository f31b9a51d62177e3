import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { closeChannelSenders, defaultChannelSenders, type ChannelSenders } from '@/lib/jobs/channel-dispatch';
import { createSmsSender, parseSmsUrl, type SmsSender } from '@/lib/channels/sms';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { cliActor } from '@/lib/server/actor';
import { POST as subscribersPOST } from '@/app/api/v1/subscribers/route';
import { startSmsc, type Smsc, type SmscOptions } from '@/tests/helpers/smsc';
import { createScenario, type Scenario } from './notify-fixtures';

// One SMS outbox per database for a describe block: the database with the Sidekick scenario, a mail
// sink, a staff token, and per test a loopback SMSC, the worker's SMPP client and a worker, all
// torn down after each test (subscribers too).

export const fastWorker = { pollMs: 50, backoff: { baseMs: 100, maxMs: 300 }, domainRate: 0, concurrency: 8 };
export const quiet = () => undefined;

export interface SmsOutbox {
  readonly t: TestDatabase;
  readonly s: Scenario;
  readonly sink: Sink;
  smsc?: Smsc;
  sms?: SmsSender;
  senders?: ChannelSenders;
  worker?: RunningWorker;
  /** An SMSC, a client bound to it (SMS_URL's options in `query`), and a worker sending through it. */
  start(options?: SmscOptions, query?: string): Promise<Smsc>;
  /** POST /api/v1/subscribers as staff. */
  staffAdd(rows: unknown): Promise<Response>;
  /** SMS subscribers to the Telstra region, added by staff through the API; their ids. */
  addSms(rows: { phone: string; email?: string }[]): Promise<string[]>;
  /** A data-loss notice, queued now. */
  queued(): Promise<string>;
}

export function smsOutboxSuite(kind: TestDatabase['kind']): SmsOutbox {
  let t: TestDatabase | undefined;
  let s: Scenario | undefined;
  let sink: Sink | undefined;
  let token = '';
  const o: SmsOutbox = {
    get t() {
      return t!;
    },
    get s() {
      return s!;
    },
    get sink() {
      return sink!;
    },
    async start(options = {}, query = '') {
      const smsc = await startSmsc(options);
      o.smsc = smsc;
      o.sms = createSmsSender({ config: parseSmsUrl(smsc.url(undefined, undefined, query)), log: quiet });
      o.senders = defaultChannelSenders({ allowPrivate: false, concurrency: 8, sms: o.sms });
      o.worker = await startWorker({ ...fastWorker, channels: o.senders });
      return smsc;
    },
    staffAdd: (rows) =>
      subscribersPOST(new Request('http://localhost/api/v1/subscribers', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(rows) })),
    async addSms(rows) {
      const res = await o.staffAdd(rows.map((r) => ({ channel: 'sms', phone_number: r.phone, email: r.email ?? `owner${r.phone.slice(-4)}@example.au`, regions: ['telstra-au'], skip_confirmation: true })));
      expect(res.status).toBe(201);
      return ((await res.json()) as { results: { id: string }[] }).results.map((r) => r.id);
    },
    queued: async () => (await t!.handle.db.notice.create({ data: { incidentId: s!.incidentId, kind: 'data_loss', status: 'queued', queuedAt: new Date() } })).id,
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 1000 });
    installTransport(sink.url);
    s = await createScenario(t.handle.db);
    token = (await createApiToken({ actor: cliActor, input: { name: 'staff', role: 'responder' } })).token;
  });
  afterEach(async () => {
    await o.worker?.stop();
    o.worker = undefined;
    if (o.senders) await closeChannelSenders(o.senders);
    o.senders = undefined;
    await o.sms?.close();
    o.sms = undefined;
    await o.smsc?.stop();
    o.smsc = undefined;
    await t!.handle.db.subscriber.deleteMany();
    sink!.messages.length = 0;
  });
  afterAll(async () => {
    await closeTransport();
    await sink?.stop();
    await t?.drop();
  });
  return o;
}
