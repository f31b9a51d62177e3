import { createSmsSender, type SmsConfig } from '@/lib/channels/sms';
import { SMS_DOWN_PREFIX } from '@/lib/jobs/sms-dispatch';
import { sleep } from '@/lib/jobs/signal';
import type { DatabaseKind } from '../env';
import { SMS_WAITING_SQL } from '../health/sms-waiting-sql';
import { readOnly } from './read-only';
import type { Check } from './run-doctor';

// `candor doctor` for text messages: whether the SMSC in SMS_URL takes our bind (as a transmitter,
// so no phone's reply or receipt is offered to a session that would drop it), and whether texts
// wait for it now (what the console banner and /api/health say), read with a short connection.

const SMS_URL_FIX = 'check the host, port, system_id and password in SMS_URL (smpp://system_id:password@host:2775, smpps:// for TLS), or unset it to keep texts in the local outbox';

/** Binds to the SMSC once and unbinds; fails naming what the SMSC said or that it did not answer. */
export async function smscCheck(config: SmsConfig | undefined, timeoutMs = 10_000): Promise<Check> {
  if (!config) return { name: 'smsc', level: 'ok', message: 'SMS_URL is not set: texts are kept in the local SMS outbox (the console shows them; nothing leaves this machine)' };
  const sender = createSmsSender({ config, role: 'transmitter', log: () => undefined });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = sender.status();
      if (s.state === 'bound') return { name: 'smsc', level: 'ok', message: `${s.target} accepted our bind (system_id ${config.systemId})` };
      if (s.state === 'down') return { name: 'smsc', level: 'fail', message: `${s.target}: ${s.reason ?? 'the bind failed'}`, fix: SMS_URL_FIX };
      if (Date.now() >= deadline) return { name: 'smsc', level: 'fail', message: `${s.target} did not answer our bind within ${Math.round(timeoutMs / 1000)} s`, fix: SMS_URL_FIX };
      await sleep(50);
    }
  } finally {
    await sender.close();
  }
}

/** Fails while texts wait, uncharged, because a worker cannot use the SMSC. */
export async function smsWaitingCheck(url: string, kind: DatabaseKind, timeoutMs = 5_000): Promise<Check> {
  let row: { n: number; reason: string | null };
  try {
    row = await readOnly(url, kind, timeoutMs, {
      sqlite: (conn) => {
        const r = conn.prepare(SMS_WAITING_SQL).get() as { n: number; reason: string | null };
        return { n: Number(r.n), reason: r.reason };
      },
      postgresql: async (client) => {
        const r = (await client.query<{ n: string; reason: string | null }>(SMS_WAITING_SQL)).rows[0];
        return { n: Number(r?.n ?? 0), reason: r?.reason ?? null };
      },
    });
  } catch (error) {
    return { name: 'text messages', level: 'warn', message: `could not read the delivery state: ${(error as Error).message.split('\n')[0]}` };
  }
  if (row.n === 0) return { name: 'text messages', level: 'ok', message: 'no texts wait for the SMSC' };
  const reason = (row.reason ?? '').slice(SMS_DOWN_PREFIX.length);
  return { name: 'text messages', level: 'fail', message: `${row.n} ${row.n === 1 ? 'text waits' : 'texts wait'}, uncharged, because a delivery worker cannot use the SMSC: ${reason}`, fix: SMS_URL_FIX };
}
