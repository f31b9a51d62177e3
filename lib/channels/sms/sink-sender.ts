import type { SmsInbound, SmsSender, SmsStatus } from './index';
import type { SmsReceipt } from './receipt';
import { checkMessage } from './message-check';
import { smsSegments, smsTransmittedText } from './encoding';
import { keepSms } from './outbox';

// Without SMS_URL: every text goes to the local outbox (the console's "SMS outbox"), is accepted at
// once, and gets a "delivered" receipt, so the rest of Candor runs as it would with a real SMSC.

type Log = (line: string, level?: 'info' | 'warn' | 'error') => void;

export function createSinkSender(dir: string, log: Log, clock: () => number = Date.now): SmsSender {
  const receiptListeners: ((r: SmsReceipt) => void)[] = [];
  const counts: SmsStatus['counts'] = { submitted: 0, accepted: 0, throttled: 0, failed: 0, retried: 0, reconnects: 0, receipts: 0, inbound: 0 };
  const since = new Date(clock());
  let closed = false;
  return {
    async send(message) {
      const checked = checkMessage(message, undefined);
      if ('refused' in checked) {
        if (checked.refused.kind === 'failed') counts.failed += 1;
        return checked.refused;
      }
      if (closed) return { kind: 'down', reason: 'the SMS sender is closed' };
      const count = smsSegments(message.text);
      counts.submitted += count.segments;
      try {
        const kept = keepSms(dir, { to: message.to, from: message.from?.trim() || null, text: smsTransmittedText(message.text), encoding: count.encoding, segments: count.segments, reference: message.reference }, clock());
        counts.accepted += 1;
        setImmediate(() => {
          counts.receipts += 1;
          for (const l of receiptListeners) l({ messageId: kept.id, state: 'delivered', at: new Date(clock()) });
        });
        return { kind: 'accepted', messageIds: [kept.id], encoding: count.encoding, segments: count.segments };
      } catch (error) {
        // A full or read-only disk is the machine's trouble, not the subscriber's.
        log(`the SMS outbox cannot be written: ${(error as Error).message}`, 'error');
        return { kind: 'down', reason: `the local SMS outbox cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
      }
    },
    onReceipt(listener) {
      receiptListeners.push(listener);
    },
    onInbound(_listener: (m: SmsInbound) => void) {
      // The local outbox has no phones to reply.
    },
    status() {
      return { mode: 'sink', state: closed ? 'closed' : 'bound', since, reason: null, target: dir, window: 1, inFlight: 0, queued: 0, slowedTo: null, counts: { ...counts } };
    },
    async close() {
      closed = true;
    },
  };
}
