import { db } from '../db';
import { systemActor } from '../actor';
import { writeAudit } from '../audit';
import { smsNumberForms } from './stop-sms';

// A reply of START (or UNSTOP) from a phone takes back its number's STOP: the subscription it
// confirmed before, ended by STOP, the manage page or one-click, gets notices again, with an audit
// row. The handset asked, so no code is needed. Safe to repeat: with a subscription already active,
// or none confirmed before, nothing changes and nothing is written.

export async function startSmsNumber({ from, now = new Date() }: { from: string; now?: Date }): Promise<{ started: number; subscriberIds: string[] }> {
  const numbers = smsNumberForms(from);
  return db().$transaction(async (tx) => {
    const active = await tx.subscriber.count({ where: { channel: 'sms', phoneNumber: { in: numbers }, unsubscribedAt: null } });
    if (active > 0) return { started: 0, subscriberIds: [] };
    const s = await tx.subscriber.findFirst({ where: { channel: 'sms', phoneNumber: { in: numbers }, confirmedAt: { not: null }, unsubscribedAt: { not: null } }, orderBy: { unsubscribedAt: 'desc' }, select: { id: true, phoneNumber: true } });
    if (!s) return { started: 0, subscriberIds: [] };
    const changed = await tx.subscriber.updateMany({ where: { id: s.id, unsubscribedAt: { not: null } }, data: { unsubscribedAt: null } });
    if (changed.count === 0) return { started: 0, subscriberIds: [] };
    await writeAudit(tx, systemActor, { action: 'subscriber.sms_start', objectType: 'subscriber', objectId: s.id, before: { unsubscribed: true }, after: { unsubscribed: false, reason: `the phone ${s.phoneNumber} replied START` } }, now);
    return { started: 1, subscriberIds: [s.id] };
  });
}
