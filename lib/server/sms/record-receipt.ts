import { sameMessageId, type SmsReceipt } from '@/lib/channels/sms';
import { db } from '../db';

// A handset's delivery receipt, onto the delivery row it belongs to. Each accepted segment has an
// SmsPart row named by the SMSC's id; SMSCs write that id in hex in one place and in decimal in
// another, so the receipt's id is looked up in both forms. The row reads "delivered" once every
// segment is, and the first failure (failed, expired, rejected) once one is not.

const FAILED = new Set(['failed', 'expired', 'rejected']);

/** The receipt's id as it may have been stored: as given, and its hex/decimal twin. */
export function messageIdForms(id: string): string[] {
  const forms = new Set([id.toLowerCase()]);
  if (/^\d{1,20}$/.test(id)) forms.add(BigInt(id).toString(16));
  if (/^[0-9a-f]{1,16}$/i.test(id)) forms.add(BigInt(`0x${id}`).toString(10));
  return [...forms];
}

/** Records the receipt; returns the delivery's id, or null when no segment has that id (yet). */
export async function recordSmsReceipt(receipt: SmsReceipt): Promise<number | null> {
  const parts = await db().smsPart.findMany({ where: { messageId: { in: messageIdForms(receipt.messageId) } }, select: { messageId: true, deliveryId: true } });
  const part = parts.find((p) => sameMessageId(p.messageId, receipt.messageId));
  if (!part) return null;
  await db().$transaction(async (tx) => {
    await tx.smsPart.update({ where: { messageId: part.messageId }, data: { state: receipt.state, error: receipt.error ?? null, receiptAt: receipt.at } });
    const all = await tx.smsPart.findMany({ where: { deliveryId: part.deliveryId }, select: { state: true } });
    const failed = all.find((p) => p.state && FAILED.has(p.state));
    const state = failed ? failed.state : all.every((p) => p.state === 'delivered') ? 'delivered' : null;
    if (state) await tx.delivery.update({ where: { id: part.deliveryId }, data: { receiptState: state, receiptAt: receipt.at } });
  });
  return part.deliveryId;
}
