import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, stopProcess } from '@/tests/helpers/spawned-worker';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink } from '@/lib/mail/sink';
import { queueNotice } from '@/lib/server/notices/queue-notice';
import { systemActor } from '@/lib/server/actor';
import { forgetInstanceSecret, instanceSecret } from '@/lib/server/secret';
import { newWebhookSecret } from '@/lib/channels/http/sign';
import { sealWebhookSecretWith, webhookBoxKey } from '@/lib/server/subscriptions/webhook-secret';
import { startReceiver } from '@/tests/helpers/webhook-receiver';
import { startSmsc } from '@/tests/helpers/smsc';
import { addSubscribers, createScenario, waitFor, type Scenario } from './notify-fixtures';
import { smsKey } from '@/lib/server/subscriptions/subscription-target';

// kill -9 of a `candor worker` in the middle of one notice fanning out to e-mail, webhook, Slack
// and SMS subscribers at once: after a restart everyone has it, and the only repeats are the
// messages that were in flight (at most the worker's concurrency), whatever their channel.

const CONCURRENCY = 16;

const startWorker = (url: string, smtp: string, sms: string) => startWorkerProcess(url, smtp, CONCURRENCY, { WEBHOOKS_ALLOW_PRIVATE: '1', SMS_URL: sms });
const stop = stopProcess;

describe.each(DATABASE_KINDS)('mixed-channel crash safety on %s', (kind) => {
  let t: TestDatabase;
  let s: Scenario;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    s = await createScenario(t.handle.db);
  });
  afterAll(async () => t?.drop());

  it('kill -9 mid fan-out across e-mail, webhook, Slack and SMS: nobody missed, duplicates within the crash bound', async () => {
    const perChannel = 700;
    const receiver = await startReceiver();
    const perPath = new Map<string, number>();
    const perAddress = new Map<string, number>();
    const sink = await startSink({ keep: 0, onMessage: (m) => perAddress.set(m.to[0]!, (perAddress.get(m.to[0]!) ?? 0) + 1) });
    const smsc = await startSmsc();
    const perPhone = new Map<string, number>();
    const texted = () => {
      perPhone.clear();
      for (const m of smsc.messages) perPhone.set(m.to, (perPhone.get(m.to) ?? 0) + 1);
      return perPhone;
    };
    const reached = () => perAddress.size + new Set(receiver.received.map((r) => r.path)).size + texted().size;
    const sentCount = () => sink.count + receiver.received.length + smsc.messages.length;
    const key = webhookBoxKey(await instanceSecret());
    await addSubscribers(t.handle.db, Array.from({ length: perChannel }, (_, i) => ({ email: `mail${i}@example.com` })));
    const hooks = Array.from({ length: perChannel * 2 }, (_, i) => {
      const channel = i % 2 === 0 ? 'webhook' : 'slack';
      const id = `sub_hook_${String(i).padStart(5, '0')}`;
      const endpoint = `${receiver.url}/h/${i}`;
      const email = `contact${i}@partner.example`;
      return { id, email, key: `${channel} ${email} ${endpoint}`, channel, endpoint, confirmedAt: new Date(), manageTokenHash: `hash-${id}`, webhookSecret: channel === 'webhook' ? sealWebhookSecretWith(key, id, newWebhookSecret()) : null };
    });
    await t.handle.db.subscriber.createMany({ data: hooks });
    const phones = Array.from({ length: perChannel }, (_, i) => {
      const id = `sub_sms_${String(i).padStart(5, '0')}`;
      const phoneNumber = `+6141${String(i).padStart(7, '0')}`;
      const email = `phone${i}@example.au`;
      return { id, email, key: smsKey(phoneNumber), channel: 'sms', phoneNumber, confirmedAt: new Date(), manageTokenHash: `hash-${id}` };
    });
    await t.handle.db.subscriber.createMany({ data: phones });
    const total = perChannel * 4;
    const first = await startWorker(t.url, sink.url, smsc.url());
    try {
      const { id } = await t.handle.db.$transaction((tx) => queueNotice(tx, { incidentId: s.incidentId, kind: 'update', actor: systemActor }));
      await waitFor('some of each channel before the crash', () => sink.count >= 100 && receiver.received.length >= 200 && smsc.messages.length >= 100, 60_000);
      await stop(first, 'SIGKILL');
      const atKill = sentCount();
      expect(atKill).toBeLessThan(total);
      const second = await startWorker(t.url, sink.url, smsc.url());
      try {
        await waitFor('everybody reached', () => reached() === total, 120_000);
        await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id } })).status === 'sent', 30_000);
      } finally {
        await stop(second, 'SIGTERM');
      }
      for (const r of receiver.received) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
      expect(perPath.size).toBe(perChannel * 2);
      expect(perAddress.size).toBe(perChannel);
      expect(texted().size).toBe(perChannel);
      const duplicates = [...perPath.values(), ...perAddress.values(), ...texted().values()].reduce((n, c) => n + (c - 1), 0);
      expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
      expect(await t.handle.db.delivery.count({ where: { noticeId: id, status: 'sent' } })).toBe(total);
      console.log(`${kind}: kill -9 after ${atKill} of ${total} (e-mail, webhook, Slack, SMS); ${duplicates} duplicates (bound ${CONCURRENCY})`);
    } finally {
      await stop(first, 'SIGKILL');
      await sink.stop();
      await receiver.stop();
      await smsc.stop();
    }
  }, 240_000);
});
