import { SMS_DOWN_PREFIX } from '@/lib/jobs/sms-dispatch';
import { num, rows } from '@/lib/jobs/sql';
import { SMS_WAITING_SQL } from './sms-waiting-sql';

// Whether text messages are going out, as every process sees it: a worker whose SMSC cannot be
// used hands SMS rows back uncharged with the reason (prefixed "SMS: "), and they wait as pending
// until it can. Read by /api/health; it does not make the instance unhealthy.

export type SmsStatus = { status: 'ok' } | { status: 'degraded'; reason: string; waiting: number; message: string };

export async function smsStatus(): Promise<SmsStatus> {
  const [row] = await rows<{ n: unknown; reason: string | null }>(SMS_WAITING_SQL);
  const waiting = num(row?.n);
  if (waiting === 0 || !row?.reason) return { status: 'ok' };
  const reason = row.reason.slice(SMS_DOWN_PREFIX.length);
  return { status: 'degraded', reason, waiting, message: `Text messages are not going out: ${reason}; ${waiting.toLocaleString('en-US')} ${waiting === 1 ? 'text is' : 'texts are'} waiting (check SMS_URL and the SMSC)` };
}
