import { SMS_DOWN_PREFIX } from '@/lib/jobs/sms-dispatch';
import { db } from '../db';

// Whether text messages are going out, as every process sees it: a worker whose SMSC cannot be
// used hands SMS rows back uncharged with the reason (prefixed "SMS: "), and they wait as pending
// until it can. Read by /api/health; it does not make the instance unhealthy.

export type SmsStatus = { status: 'ok' } | { status: 'degraded'; reason: string; waiting: number; message: string };

export async function smsStatus(): Promise<SmsStatus> {
  const where = { status: 'pending' as const, lastError: { startsWith: SMS_DOWN_PREFIX }, subscriber: { channel: 'sms' } };
  const [waiting, latest] = await Promise.all([db().delivery.count({ where }), db().delivery.findFirst({ where, orderBy: { nextAttemptAt: 'desc' }, select: { lastError: true } })]);
  if (waiting === 0 || !latest?.lastError) return { status: 'ok' };
  const reason = latest.lastError.slice(SMS_DOWN_PREFIX.length);
  return { status: 'degraded', reason, waiting, message: `Text messages are not going out: ${reason}; ${waiting.toLocaleString('en-US')} ${waiting === 1 ? 'text is' : 'texts are'} waiting (check SMS_URL and the SMSC)` };
}
