import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@/tests/helpers/test-db';
import { MAX_NOTICE_SEGMENTS, smsSegments } from '@/lib/channels/sms';
import { SMS_STOP_LINE } from '@/lib/channels/payloads/sms';
import { cliActor } from '@/lib/server/actor';
import { checkHealth } from '@/lib/server/health/check-health';
import { updateRegion } from '@/lib/server/regions/update-region';
import { AppError } from '@/lib/server/errors';
import { renderToStaticMarkup } from 'react-dom/server';
import { DeliveryBanners } from '@/app/admin/_components/delivery-banners';
import { type SmscOptions } from '@/tests/helpers/smsc';
import { parseSmsUrl } from '@/lib/channels/sms';
import { createWebSmsSender, installWebSmsSender, sendWebSms } from '@/lib/server/sms/web-sender';
import { getNotice } from '@/lib/server/notices/get-notice';
import { channelProgress } from '@/lib/server/notices/channel-progress';
import { metricsRegistry } from '@/lib/server/metrics/registry';
import { forgetScrapeSample, registerProcessMetrics } from '@/lib/server/metrics/scrape-gauges';
import { publicBaseUrl } from '@/lib/mail/send';
import { addSubscribers, waitFor } from './notify-fixtures';
import { smsOutboxSuite } from './sms-fixtures';

// SMS notices through the outbox to a real SMSC on loopback (the `smpp` package's server side):
// the worker's SMS sender, its verdicts on the delivery rows, receipts and STOP replies.

const E = smpp.errors;

/** A metric's value as a scrape would read it (gauges collect first); null when it has no such series. */
async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number | null> {
  registerProcessMetrics('worker');
  const { values } = await metricsRegistry().getSingleMetric(name)!.get();
  return values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value ?? null;
}

describe.each(DATABASE_KINDS)('SMS through the outbox on %s', (kind) => {
  const o = smsOutboxSuite(kind);
  const staffAdd = (rows: unknown) => o.staffAdd(rows);
  /** An SMS subscriber to the Telstra region, added by staff through the API. */
  const addSms = async (phone: string, email = `owner${phone.slice(-4)}@example.au`) => (await o.addSms([{ phone, email }]))[0]!;
  const start = (options: SmscOptions = {}, query = '') => o.start(options, query);
  const queued = () => o.queued();

  it('a notice reaches an SMS subscriber once, in Telstra’s voice within two segments, and its receipt marks the row delivered', async () => {
    const smsc = await start({ receipts: true, receiptDelayMs: 50 });
    const id = await addSms('+61412345678');
    await addSubscribers(o.t.handle.db, [{ email: 'mail@example.au', regionIds: [o.s.regions.telstra] }]);
    const notice = await queued();
    await waitFor('the notice sent', async () => (await o.t.handle.db.notice.findUniqueOrThrow({ where: { id: notice } })).status === 'sent', 30_000);
    expect(smsc.messages).toHaveLength(1);
    const text = smsc.messages[0]!.text;
    expect(smsc.messages[0]!.to).toBe('+61412345678');
    expect(text.startsWith('Telstra: ')).toBe(true);
    expect(text).toContain('/telstra-au');
    expect(text.endsWith(SMS_STOP_LINE)).toBe(true);
    expect(text).not.toContain('{{%');
    expect(text).not.toContain('T-Mobile');
    expect(smsSegments(text).segments).toBeLessThanOrEqual(MAX_NOTICE_SEGMENTS);
    expect(o.sink.messages.map((m) => m.to[0])).toEqual(['mail@example.au']);
    const row = await o.t.handle.db.delivery.findFirstOrThrow({ where: { noticeId: notice, subscriberId: id } });
    expect(row.status).toBe('sent');
    expect(row.messageId!.split(' ')).toEqual(smsc.messages[0]!.parts.map((p) => p.messageId));
    const receipted = await waitFor('the receipt recorded', async () => {
      const r = await o.t.handle.db.delivery.findUniqueOrThrow({ where: { id: row.id } });
      return r.receiptState ? r : null;
    });
    expect(receipted.receiptState).toBe('delivered');
    // Staff see it per channel in the console and the API, with the phone's receipt.
    expect((await getNotice({ actor: cliActor, id: notice })).byChannel).toEqual([
      { channel: 'email', audience: 1, sent: 1, failed: 0, pending: 0, canceled: 0, receipts: null },
      { channel: 'sms', audience: 1, sent: 1, failed: 0, pending: 0, canceled: 0, receipts: { delivered: 1, undelivered: 0, awaiting: 0 } },
    ]);
    // With the SMSC working, /api/health has nothing to say about texts (the control for the refused bind below).
    expect((await checkHealth()).sms).toEqual({ status: 'ok' });
    expect(await DeliveryBanners()).toBeNull();
    forgetScrapeSample();
    expect(await metricValue('candor_sms_waiting_for_smsc')).toBe(0);
    expect(receipted.receiptAt).not.toBeNull();
    // Another pass of the worker sends nothing more.
    await new Promise((r) => setTimeout(r, 300));
    expect(smsc.messages).toHaveLength(1);
  });

  it('texts come from the region’s own sender ID (a name as TON 5, a number as TON 1/NPI 1), else from SMS_URL’s sender', async () => {
    const smsc = await start({}, 'sender=Candor');
    await addSms('+61412345660');
    const setSender = (value: string) => updateRegion({ actor: cliActor, ref: 'telstra-au', input: { sms_sender_id: value } });
    const sendOne = async () => {
      const before = smsc.messages.length;
      const notice = await queued();
      await waitFor('the notice sent', async () => (await o.t.handle.db.notice.findUniqueOrThrow({ where: { id: notice } })).status === 'sent', 30_000);
      expect(smsc.messages).toHaveLength(before + 1);
      return smsc.messages[before]!.parts.map((p) => [p.from, p.sourceTon, p.sourceNpi]);
    };
    try {
      await setSender('Telstra');
      expect(new Set((await sendOne()).map(String))).toEqual(new Set([String(['Telstra', 5, 0])]));
      await setSender('+61400000000');
      expect(new Set((await sendOne()).map(String))).toEqual(new Set([String(['61400000000', 1, 1])]));
      await setSender('');
      expect((await o.t.handle.db.region.findUniqueOrThrow({ where: { slug: 'telstra-au' } })).smsSenderId).toBeNull();
      expect(new Set((await sendOne()).map(String))).toEqual(new Set([String(['Candor', 5, 0])]));
      // What SMPP cannot carry is refused where staff type it, naming the field, and changes nothing.
      for (const bad of ['TelstraAustralia', 'Tel/stra', '1234567890123456', 'Tëlstra']) {
        const e = await setSender(bad).then(
          () => null,
          (error: unknown) => error,
        );
        expect(e, bad).toBeInstanceOf(AppError);
        expect((e as AppError).field, bad).toBe('sms_sender_id');
      }
      expect((await o.t.handle.db.region.findUniqueOrThrow({ where: { slug: 'telstra-au' } })).smsSenderId).toBeNull();
    } finally {
      await o.t.handle.db.region.update({ where: { slug: 'telstra-au' }, data: { smsSenderId: null } });
    }
  });

  it('a receipt that says the handset never got it marks the row failed', async () => {
    const failedBefore = (await metricValue('candor_sms_receipts_total', { state: 'failed' }))!;
    const deliveredBefore = (await metricValue('candor_sms_receipts_total', { state: 'delivered' }))!;
    const smsc = await start();
    await addSms('+61412345670');
    const notice = await queued();
    await waitFor('the SMS sent', () => smsc.messages.length === 1);
    const row = await waitFor('the row sent', () => o.t.handle.db.delivery.findFirst({ where: { noticeId: notice, status: 'sent' } }));
    // Counted per channel before the receipt, on a clock the test moves: the answer is kept for a second.
    let clock = 1_000_000;
    const awaiting = { channel: 'sms', audience: 1, sent: 1, failed: 0, pending: 0, canceled: 0, receipts: { delivered: 0, undelivered: 0, awaiting: 1 } };
    expect(await channelProgress(notice, () => clock)).toEqual([awaiting]);
    for (const part of smsc.messages[0]!.parts) await smsc.sendReceipt(part.messageId!, 'UNDELIV');
    const r = await waitFor('the receipt recorded', async () => (await o.t.handle.db.delivery.findUniqueOrThrow({ where: { id: row.id } })).receiptState);
    expect(r).toBe('failed');
    clock += 999;
    expect(await channelProgress(notice, () => clock)).toEqual([awaiting]);
    clock += 2;
    expect(await channelProgress(notice, () => clock)).toEqual([{ ...awaiting, receipts: { delivered: 0, undelivered: 1, awaiting: 0 } }]);
    // Operators see it too: one receipt per segment, counted by what it said.
    expect((await metricValue('candor_sms_receipts_total', { state: 'failed' }))! - failedBefore).toBe(smsc.messages[0]!.parts.length);
    expect(await metricValue('candor_sms_receipts_total', { state: 'delivered' })).toBe(deliveredBefore);
  });

  it('a throttled SMSC slows the SMS down but delivers it', async () => {
    let throttled = 0;
    const smsc = await start({ onSubmit: ({ call }) => (call <= 3 ? (throttled++, E.ESME_RTHROTTLED) : undefined) });
    await addSms('+61412345671');
    const notice = await queued();
    await waitFor('the notice sent', async () => (await o.t.handle.db.notice.findUniqueOrThrow({ where: { id: notice } })).status === 'sent', 30_000);
    expect(throttled).toBe(3);
    expect(smsc.messages).toHaveLength(1);
    expect((await o.t.handle.db.delivery.findFirstOrThrow({ where: { noticeId: notice } })).status).toBe('sent');
  });

  it('an SMSC that refuses our bind leaves SMS pending (uncharged) while e-mail goes on', async () => {
    const smsc = await start({ refuseBinds: E.ESME_RBINDFAIL });
    const id = await addSms('+61412345672');
    await addSubscribers(o.t.handle.db, [{ email: 'still@example.au', regionIds: [o.s.regions.telstra] }]);
    const notice = await queued();
    await waitFor('the e-mail sent', () => o.sink.messages.length === 1);
    const row = await waitFor('the SMS attempt recorded', async () => {
      const r = await o.t.handle.db.delivery.findFirst({ where: { noticeId: notice, subscriberId: id } });
      return r?.lastError ? r : null;
    });
    expect(smsc.binds).toBeGreaterThan(0);
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(0);
    expect(row.lastError).toMatch(/^SMS: /);
    expect(smsc.messages).toHaveLength(0);
    // Staff are told: /api/health says texts wait, and why.
    const health = await checkHealth();
    expect(health.status).toBe('ok');
    expect(health.sms).toMatchObject({ status: 'degraded', waiting: 1 });
    expect(health.sms?.status === 'degraded' && health.sms.message).toMatch(/^Text messages are not going out: /);
    // And every console page says so, once, with what to check (mail is fine: no mail banner).
    const banner = renderToStaticMarkup((await DeliveryBanners())!);
    expect(banner).toContain('data-testid="sms-down"');
    expect(banner).not.toContain('data-testid="mail-pause"');
    expect(banner).toContain(`Text messages are not going out: ${health.sms?.status === 'degraded' ? health.sms.reason : '?'}; 1 text is waiting`);
    expect(banner).toContain('SMS_URL');
    // And so does Prometheus: the texts held for the SMSC.
    forgetScrapeSample();
    expect(await metricValue('candor_sms_waiting_for_smsc')).toBe(1);
  });

  it('a number given twice, with two addresses, is one subscription and gets one text; its STOP ends it once, with an audit row; another number stays', async () => {
    const smsc = await start();
    const a1 = await addSms('+61412345673', 'first@example.au');
    const a2 = await addSms('+61412345673', 'second@example.au');
    const other = await addSms('+61412345674');
    expect(a2).toBe(a1);
    await waitFor('the worker bound to the SMSC', () => o.sms!.status().state === 'bound');
    const first = await queued();
    await waitFor('the first notice sent', async () => (await o.t.handle.db.notice.findUniqueOrThrow({ where: { id: first } })).status === 'sent', 30_000);
    expect(smsc.messages.map((m) => m.to).sort()).toEqual(['+61412345673', '+61412345674']);
    smsc.messages.length = 0;
    await smsc.sendMo('+61412345673', 'stop');
    const ended = () => o.t.handle.db.subscriber.findMany({ where: { id: { in: [a1, other] }, unsubscribedAt: { not: null } } });
    await waitFor('the STOP recorded', async () => (await ended()).length === 1);
    // The phone is told once, from the short code it wrote to, how to take it back.
    await waitFor('the STOP confirmed', () => smsc.messages.length === 1);
    expect(smsc.messages[0]).toMatchObject({ to: '+61412345673', from: '7726' });
    expect(smsc.messages[0]!.text).toContain('Reply START');
    await smsc.sendMo('+61412345673', 'STOP');
    await smsc.sendMo('+61412345674', 'thanks');
    await waitFor('both replies answered', () => smsc.deliverResponses >= 3);
    await new Promise((r) => setTimeout(r, 200));
    expect((await ended()).map((x) => x.id)).toEqual([a1]);
    const audits = await o.t.handle.db.auditLog.findMany({ where: { action: 'subscriber.sms_stop' } });
    expect(audits.map((a) => a.objectId)).toEqual([a1]);
    // A second STOP ends nothing, so it is not confirmed again; "thanks" is no keyword.
    expect(smsc.messages).toHaveLength(1);
    smsc.messages.length = 0;
    // The number that did not reply STOP still gets notices.
    const notice = await queued();
    await waitFor('the notice sent', async () => (await o.t.handle.db.notice.findUniqueOrThrow({ where: { id: notice } })).status === 'sent', 30_000);
    expect(smsc.messages.map((m) => m.to)).toEqual(['+61412345674']);
  });

  it('HELP is answered to a number Candor texts, never to a stranger; START takes a STOP back once, with an audit row; replies are capped per number', async () => {
    const smsc = await start();
    const replies = async () => Object.fromEntries(await Promise.all(['help', 'stop', 'start'].flatMap((keyword) => ['answered', 'unanswered'].map(async (answer) => [`${keyword} ${answer}`, (await metricValue('candor_sms_replies_total', { keyword, answer }))!] as const))));
    const before = await replies();
    const id = await addSms('+61412345691');
    await o.t.handle.db.region.update({ where: { id: o.s.regions.telstra }, data: { supportUrl: 'https://support.example.au/hiptop' } });
    await waitFor('the worker bound to the SMSC', () => o.sms!.status().state === 'bound');
    const to = (phone: string) => smsc.messages.filter((m) => m.to === phone);
    await smsc.sendMo('+61412345699', 'HELP');
    await smsc.sendMo('+61412345691', 'help');
    await waitFor('HELP answered', () => to('+61412345691').length === 1);
    await waitFor('both replies taken', () => smsc.deliverResponses >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(to('+61412345699')).toEqual([]);
    const help = to('+61412345691')[0]!;
    expect(help.text).toContain('Reply STOP to end');
    expect(help.text).toContain(await publicBaseUrl());
    expect(help.text).toContain('Support: https://support.example.au/hiptop');
    expect(help.from).toBe('7726');

    await smsc.sendMo('+61412345691', 'STOP');
    await waitFor('the STOP confirmed', () => to('+61412345691').length === 2);
    await smsc.sendMo('+61412345691', 'Start');
    await waitFor('the START confirmed', () => to('+61412345691').length === 3);
    expect(to('+61412345691')[2]!.text).toContain('on again');
    const s = await o.t.handle.db.subscriber.findUniqueOrThrow({ where: { id } });
    expect(s.unsubscribedAt).toBeNull();
    expect((await o.t.handle.db.auditLog.findMany({ where: { action: 'subscriber.sms_start' } })).map((a) => a.objectId)).toEqual([id]);
    // START again changes nothing and says nothing (the count of answered replies shows it arrived).
    const answered = smsc.deliverResponses;
    await smsc.sendMo('+61412345691', 'START');
    await waitFor('the second START taken', () => smsc.deliverResponses > answered);
    await new Promise((r) => setTimeout(r, 200));
    expect(to('+61412345691')).toHaveLength(3);
    expect(await o.t.handle.db.auditLog.count({ where: { action: 'subscriber.sms_start' } })).toBe(1);

    // Notices reach the number again.
    const notice = await queued();
    await waitFor('the notice sent', async () => (await o.t.handle.db.notice.findUniqueOrThrow({ where: { id: notice } })).status === 'sent', 30_000);
    expect(to('+61412345691')).toHaveLength(4);

    // Five answers an hour at most: HELP, STOP, START so far, so of three more HELPs two are answered.
    const taken = smsc.deliverResponses;
    for (let i = 0; i < 3; i++) await smsc.sendMo('+61412345691', 'HELP');
    await waitFor('the three HELPs taken and two answered', () => smsc.deliverResponses >= taken + 3 && to('+61412345691').length === 6);
    await new Promise((r) => setTimeout(r, 300));
    expect(to('+61412345691')).toHaveLength(6);
    // Counted for the operator: what was answered, and what was not (the stranger, the second START, the capped HELP).
    const after = await replies();
    const added = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k]!]));
    expect(added).toEqual({ 'help answered': 3, 'help unanswered': 2, 'stop answered': 1, 'stop unanswered': 0, 'start answered': 1, 'start unanswered': 1 });
  });

  it('replies in a burst: 20 HELPs at once get exactly 5 answers; 10 STOPs at once end the subscription once, with one audit row and one confirmation; 10 STARTs at once take it back once', async () => {
    const smsc = await start();
    const id = await addSms('+61412345695');
    await waitFor('the worker bound to the SMSC', () => o.sms!.status().state === 'bound');
    const to = () => smsc.messages.filter((m) => m.to === '+61412345695');
    const burst = async (text: string, n: number) => {
      const taken = smsc.deliverResponses;
      await Promise.all(Array.from({ length: n }, () => smsc.sendMo('+61412345695', text)));
      await waitFor(`${n} ${text} taken`, () => smsc.deliverResponses >= taken + n);
    };
    await burst('STOP', 10);
    await waitFor('the STOP confirmed', () => to().length === 1);
    await burst('START', 10);
    await waitFor('the START confirmed', () => to().length === 2);
    await burst('HELP', 20);
    // Five answers an hour: the STOP's, the START's and three HELPs.
    await waitFor('three HELPs answered', () => to().length === 5);
    await new Promise((r) => setTimeout(r, 500));
    expect(to()).toHaveLength(5);
    expect(to().map((m) => (m.text.includes('Reply START') ? 'stop' : m.text.includes('on again') ? 'start' : 'help'))).toEqual(['stop', 'start', 'help', 'help', 'help']);
    const audits = await o.t.handle.db.auditLog.findMany({ where: { objectId: id, action: { in: ['subscriber.sms_stop', 'subscriber.sms_start'] } }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(['subscriber.sms_stop', 'subscriber.sms_start']);
    expect((await o.t.handle.db.subscriber.findUniqueOrThrow({ where: { id } })).unsubscribedAt).toBeNull();
  });

  it('a phone’s replies are taken in the order it sent them: STOP, START, STOP, START, STOP, START sent at once leave it subscribed, each change audited in turn', async () => {
    const smsc = await start();
    const id = await addSms('+61412345696');
    const other = await addSms('+61412345697');
    await waitFor('the worker bound to the SMSC', () => o.sms!.status().state === 'bound');
    const said = ['STOP', 'START', 'STOP', 'START', 'STOP', 'START'];
    const taken = smsc.deliverResponses;
    // Another phone's STOP in the same burst is taken beside them (and ends its own subscription only).
    await Promise.all([...said.map((text) => smsc.sendMo('+61412345696', text)), smsc.sendMo('+61412345697', 'STOP')]);
    await waitFor('the replies taken', () => smsc.deliverResponses >= taken + said.length + 1);
    await waitFor('every change audited', async () => (await o.t.handle.db.auditLog.count({ where: { objectId: id, action: { in: ['subscriber.sms_stop', 'subscriber.sms_start'] } } })) >= said.length);
    const audits = await o.t.handle.db.auditLog.findMany({ where: { objectId: id, action: { in: ['subscriber.sms_stop', 'subscriber.sms_start'] } }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(said.map((k) => `subscriber.sms_${k.toLowerCase()}`));
    expect((await o.t.handle.db.subscriber.findUniqueOrThrow({ where: { id } })).unsubscribedAt).toBeNull();
    expect((await o.t.handle.db.subscriber.findUniqueOrThrow({ where: { id: other } })).unsubscribedAt).not.toBeNull();
    // Answered in turn too, up to the five an hour: stop, start, stop, start, stop.
    await waitFor('five answers', () => smsc.messages.filter((m) => m.to === '+61412345696').length === 5);
    expect(smsc.messages.filter((m) => m.to === '+61412345696').map((m) => (m.text.includes('Reply START') ? 'stop' : m.text.includes('on again') ? 'start' : 'other'))).toEqual(['stop', 'start', 'stop', 'start', 'stop']);
  });

  it('every STOP reaches the worker when the SMSC spreads replies over the account’s sessions: the web process’s code sender binds as a transmitter and asks for no receipts', async () => {
    const smsc = await start({ deliverTo: 'round-robin' });
    const a = await addSms('+61412345681');
    const b = await addSms('+61412345682');
    await waitFor('the worker bound to the SMSC', () => o.sms!.status().state === 'bound');
    await installWebSmsSender(createWebSmsSender({ config: parseSmsUrl(smsc.url()), log: () => undefined }));
    try {
      // A code goes out through the web process's own session, beside the worker's.
      expect((await sendWebSms({ to: '+61412345683', text: 'Your Candor code is 482913', reference: 'code' })).kind).toBe('accepted');
      expect(smsc.sessions()).toHaveLength(2);
      await smsc.sendMo('+61412345681', 'STOP');
      await smsc.sendMo('+61412345682', 'STOP');
      const ended = async () => (await o.t.handle.db.subscriber.findMany({ where: { id: { in: [a, b] }, unsubscribedAt: { not: null } } })).map((x) => x.id).sort();
      await waitFor('both STOPs recorded', async () => (await ended()).length === 2, 10_000);
      expect(await ended()).toEqual([a, b].sort());
      expect(smsc.roles()).toEqual(['transceiver', 'transmitter']);
      // The code asked for no receipt (none could reach a sender that does not listen); notices do.
      expect(smsc.parts.find((p) => p.to === '+61412345683')!.registeredDelivery).toBe(0);
      await addSms('+61412345684');
      const notice = await queued();
      await waitFor('the notice sent', async () => (await o.t.handle.db.notice.findUniqueOrThrow({ where: { id: notice } })).status === 'sent', 30_000);
      expect(smsc.parts.filter((p) => p.to === '+61412345684').map((p) => p.registeredDelivery)).toContain(1);
    } finally {
      await installWebSmsSender(null);
    }
  });

  it('staff API: a number that is not E.164 is refused with 422 naming phone_number; a good one is stored in E.164', async () => {
    for (const bad of ['0412 345 678', '+61 412 345 678', '+6141234', 'not a number']) {
      const res = await staffAdd({ channel: 'sms', phone_number: bad, email: 'x@example.au', skip_confirmation: true });
      expect(res.status, bad).toBe(422);
      expect(((await res.json()) as { results: { field: string }[] }).results[0]!.field, bad).toBe('phone_number');
    }
    const missing = await staffAdd({ channel: 'sms', email: 'x@example.au', skip_confirmation: true });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { results: { field: string }[] }).results[0]!.field).toBe('phone_number');
    const id = await addSms('+61412345675');
    const row = await o.t.handle.db.subscriber.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ channel: 'sms', phoneNumber: '+61412345675', email: 'owner5675@example.au' });
    expect(row.confirmedAt).not.toBeNull();
  });
});
