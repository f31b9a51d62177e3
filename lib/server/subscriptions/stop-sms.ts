import { db } from '../db';
import { systemActor } from '../actor';
import { writeAudit } from '../audit';

// A reply of STOP from a phone ends that number's SMS subscription, looked up in every form an
// SMSC may give the number. Safe to repeat: a number with nothing left to end changes nothing and
// writes no audit row.

/** The forms an SMSC may give a phone's number in: "+61412345678" or "61412345678". */
export function smsNumberForms(from: string): string[] {
  const digits = from.replace(/[^\d]/g, '');
  return digits ? [`+${digits}`, from.trim()] : [from.trim()];
}

export async function stopSmsNumber({ from, now = new Date() }: { from: string; now?: Date }): Promise<{ ended: number; subscriberIds: string[] }> {
  const numbers = smsNumberForms(from);
  return db().$transaction(async (tx) => {
    const subs = await tx.subscriber.findMany({ where: { channel: 'sms', phoneNumber: { in: numbers }, unsubscribedAt: null }, select: { id: true, phoneNumber: true } });
    const ended: string[] = [];
    for (const s of subs) {
      // Only the STOP that ends it counts and audits it: on PostgreSQL a STOP sent twice at once finds the row in both.
      const { count } = await tx.subscriber.updateMany({ where: { id: s.id, unsubscribedAt: null }, data: { unsubscribedAt: now } });
      if (count === 0) continue;
      ended.push(s.id);
      await writeAudit(tx, systemActor, { action: 'subscriber.sms_stop', objectType: 'subscriber', objectId: s.id, before: { unsubscribed: false }, after: { unsubscribed: true, reason: `the phone ${s.phoneNumber} replied STOP` } }, now);
    }
    return { ended: ended.length, subscriberIds: ended };
  });
}
