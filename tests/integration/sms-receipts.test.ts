import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@/tests/helpers/test-db';
import { createSmsSender, parseSmsUrl, type SmsReceipt } from '@/lib/channels/sms';
import { SmsReceiptBuffer } from '@/lib/jobs/sms-receipts';
import { startSmsc } from '@/tests/helpers/smsc';
import { waitFor } from './notify-fixtures';
import { quiet, smsOutboxSuite } from './sms-fixtures';

// Delivery receipts recorded in groups (lib/jobs/sms-receipts.ts), from a real SMSC on loopback:
// segment ids stored with the outcome that marks a row sent, a fan-out's receipts all land,
// a row is delivered only when every segment is, a receipt that outruns its segment's id is
// found on the retry, and what waits is written at shutdown.

describe.each(DATABASE_KINDS)('SMS receipts in groups on %s', (kind) => {
  const o = smsOutboxSuite(kind);
  const addSms = (phones: string[]) => o.addSms(phones.map((phone) => ({ phone })));
  const sent = (notice: string) => waitFor('the notice sent', async () => (await o.t.handle.db.notice.findUniqueOrThrow({ where: { id: notice } })).status === 'sent', 30_000);
  const partsOf = (deliveryId: number) => o.t.handle.db.smsPart.findMany({ where: { deliveryId }, orderBy: { messageId: 'asc' } });

  it('every receipt of a fan-out lands: each row reads delivered, each segment too', async () => {
    await o.start({ receipts: true });
    // 40 texts of two segments: on SQLite their ids go in multi-row statements of every shape (sms-parts.ts).
    const ids = await addSms(Array.from({ length: 40 }, (_, i) => `+614123450${String(i).padStart(2, '0')}`));
    const notice = await o.queued();
    await sent(notice);
    // The segment ids go in with the outcome: a row marked sent already has every one of them.
    const rows = await o.t.handle.db.delivery.findMany({ where: { noticeId: notice }, include: { smsParts: true } });
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) {
      expect(row.status).toBe('sent');
      expect(row.smsParts.map((p) => p.messageId).sort()).toEqual(row.messageId!.split(' ').sort());
    }
    await waitFor('every receipt recorded', async () => (await o.t.handle.db.delivery.count({ where: { noticeId: notice, receiptState: 'delivered' } })) === ids.length);
    const parts = await o.t.handle.db.smsPart.findMany({ where: { delivery: { noticeId: notice } } });
    expect(parts).toHaveLength(o.smsc!.parts.filter((p) => p.messageId !== null).length);
    expect(parts.every((p) => p.state === 'delivered' && p.receiptAt !== null)).toBe(true);
  });

  /** A bound SMPP client whose receipts go into `buffer`, and a sent row per phone with two stored segment ids. */
  const receiving = async (buffer: SmsReceiptBuffer, rows: { phone: string; ids: string[] }[]) => {
    const smsc = await startSmsc();
    const sms = createSmsSender({ config: parseSmsUrl(smsc.url()), log: quiet });
    o.smsc = smsc;
    o.sms = sms;
    sms.onReceipt((r) => buffer.add(r));
    await waitFor('bound', () => sms.status().state === 'bound');
    const subscribers = await addSms(rows.map((r) => r.phone));
    const notice = await o.t.handle.db.notice.create({ data: { incidentId: o.s.incidentId, kind: 'data_loss', status: 'sent' } });
    const made: number[] = [];
    for (const [i, r] of rows.entries()) {
      const row = await o.t.handle.db.delivery.create({ data: { noticeId: notice.id, subscriberId: subscribers[i]!, regionId: o.s.regions.telstra, status: 'sent' } });
      if (r.ids.length > 0) await o.t.handle.db.smsPart.createMany({ data: r.ids.map((messageId) => ({ messageId, deliveryId: row.id })) });
      made.push(row.id);
    }
    return { smsc, rows: made };
  };
  const receiptOf = async (id: number) => (await o.t.handle.db.delivery.findUniqueOrThrow({ where: { id } })).receiptState;

  it('a row reads delivered only once every segment is; a failed segment fails it whatever the other says', async () => {
    const buffer = new SmsReceiptBuffer({ waitMs: 20 });
    const { smsc, rows } = await receiving(buffer, [
      { phone: '+61412345680', ids: ['7ffd01', '7ffd02'] },
      { phone: '+61412345681', ids: ['7ffd11', '7ffd12'] },
    ]);
    const [a, b] = rows as [number, number];
    await smsc.sendReceipt('7ffd01', 'DELIVRD');
    // The receipt was recorded (the control) and the row still waits for its other segment.
    await waitFor('A’s first segment delivered', async () => (await partsOf(a))[0]!.state === 'delivered');
    expect(await receiptOf(a)).toBeNull();
    await smsc.sendReceipt('7ffd02', 'DELIVRD');
    await smsc.sendReceipt('7ffd11', 'UNDELIV');
    await smsc.sendReceipt('7ffd12', 'DELIVRD');
    await waitFor('A delivered', async () => (await receiptOf(a)) === 'delivered');
    await waitFor('B failed', async () => (await receiptOf(b)) === 'failed');
    await buffer.close();
  });

  it('two workers recording the two segments of the same texts at once still mark every row delivered', async () => {
    // Each segment's receipt in its own group, the groups written at the same moment (as two workers would).
    const first = new SmsReceiptBuffer({ waitMs: 60_000 });
    const second = new SmsReceiptBuffer({ waitMs: 60_000 });
    const phones = Array.from({ length: 20 }, (_, i) => ({ phone: `+614123457${String(i).padStart(2, '0')}`, ids: [`7ffc${String(i).padStart(2, '0')}a`, `7ffc${String(i).padStart(2, '0')}b`] }));
    const { rows } = await receiving(first, phones);
    const at = new Date();
    for (const p of phones) {
      first.add({ messageId: p.ids[0]!, state: 'delivered', at });
      second.add({ messageId: p.ids[1]!, state: 'delivered', at });
    }
    await Promise.all([first.flush(), second.flush()]);
    expect(await o.t.handle.db.smsPart.count({ where: { deliveryId: { in: rows }, state: 'delivered' } })).toBe(40);
    expect(await o.t.handle.db.delivery.count({ where: { id: { in: rows }, receiptState: 'delivered' } })).toBe(rows.length);
    await Promise.all([first.close(), second.close()]);
  });

  it('a receipt that outruns its segment’s id is recorded on the retry; one naming no segment is reported and changes nothing', async () => {
    const unmatched: SmsReceipt[] = [];
    const buffer = new SmsReceiptBuffer({ waitMs: 20, retryMs: 400, onUnmatched: (r) => unmatched.push(r) });
    const { smsc, rows } = await receiving(buffer, [{ phone: '+61412345690', ids: [] }]);
    const row = rows[0]!;
    // Segment 2's receipt names it in decimal (8388354 = 0x7fff02), as some SMSCs do.
    await smsc.sendReceipt('7fff01');
    await smsc.sendReceipt('8388354');
    await smsc.sendReceipt('7fff99');
    await new Promise((r) => setTimeout(r, 150));
    expect(await receiptOf(row)).toBeNull();
    await o.t.handle.db.smsPart.createMany({ data: [{ messageId: '7fff01', deliveryId: row }, { messageId: '7fff02', deliveryId: row }] });
    await waitFor('the receipts found on the retry', async () => (await receiptOf(row)) === 'delivered');
    await waitFor('the stray receipt reported', () => unmatched.length === 1);
    expect(unmatched.map((r) => r.messageId)).toEqual(['7fff99']);
    expect(await o.t.handle.db.smsPart.count({ where: { messageId: '7fff99' } })).toBe(0);
    expect((await partsOf(row)).map((p) => p.state)).toEqual(['delivered', 'delivered']);
    await buffer.close();
  });

  it('receipts still waiting in the buffer are written at shutdown', async () => {
    const buffer = new SmsReceiptBuffer({ waitMs: 60_000 });
    const { smsc, rows } = await receiving(buffer, [{ phone: '+61412345691', ids: ['7ffe01'] }]);
    const deliveries = smsc.deliverResponses;
    await smsc.sendReceipt('7ffe01', 'EXPIRED');
    await waitFor('the receipt answered', () => smsc.deliverResponses > deliveries);
    await new Promise((r) => setTimeout(r, 200));
    expect((await o.t.handle.db.smsPart.findUniqueOrThrow({ where: { messageId: '7ffe01' } })).state).toBeNull();
    await buffer.close();
    expect((await o.t.handle.db.smsPart.findUniqueOrThrow({ where: { messageId: '7ffe01' } })).state).toBe('expired');
    expect(await receiptOf(rows[0]!)).toBe('expired');
  });
});
