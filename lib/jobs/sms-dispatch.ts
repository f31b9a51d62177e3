import { createSmsSender, parseSenderId, smsKeyword, type SmsInbound, type SmsSender } from '@/lib/channels/sms';
import type { ChannelDelivery, ChannelOutcome, ChannelSender } from '@/lib/channels/types';
import { lineLog, type LineLog } from '@/lib/server/log/logger';
import { smsMetrics } from '@/lib/server/metrics/catalogue';
import { SmsReceiptBuffer } from './sms-receipts';
import { answerSmsReply } from '@/lib/server/subscriptions/answer-sms-reply';
import { smsNumberForms } from '@/lib/server/subscriptions/stop-sms';

// The SMS channel of a worker: one SmsSender (SMPP client, or the local outbox without SMS_URL)
// for the worker's life. Its verdicts in the outbox's terms; the SMSC's ids of every segment are
// kept so the handset's receipts find the row; a STOP from a phone ends that number's subscriptions.

/** Starts the reason of an SMS row handed back because the SMSC cannot be used (read by /api/health). */
export const SMS_DOWN_PREFIX = 'SMS: ';

export class SmsChannelSender implements ChannelSender {
  readonly sms: SmsSender;
  private log: LineLog;
  /**
   * Per number, the last of its replies being answered, which waits for the earlier ones: a phone's
   * STOP then START are taken in that order, and closing waits for these to wait for every reply.
   */
  private lastReply = new Map<string, Promise<void>>();
  private receipts: SmsReceiptBuffer;

  constructor(options: { sms?: SmsSender; log?: LineLog } = {}) {
    this.log = options.log ?? lineLog('sms');
    this.sms = options.sms ?? createSmsSender();
    // Receipts go in groups (within 100 ms); one that outruns its segment's id is looked for again 2 s later.
    this.receipts = new SmsReceiptBuffer({
      onUnmatched: (receipt) => this.log(`sms: a receipt for ${receipt.messageId} (${receipt.state}) names no message Candor sent`, 'warn'),
      onError: (error, n, retrying) => this.log(`sms: recording ${n} receipt(s) failed (${error.message})${retrying ? '; trying again' : '; dropped'}`, 'error'),
    });
    this.sms.onReceipt((receipt) => this.receipts.add(receipt));
    this.sms.onInbound((message) => {
      if (smsKeyword(message.text)) this.inTurn(message);
    });
  }

  /** STOP, START or HELP from a phone: recorded, then answered from the address the phone wrote to. */
  private async answer(message: SmsInbound): Promise<void> {
    const { keyword, changed, reply } = await answerSmsReply({ from: message.from, text: message.text });
    if (keyword === 'stop') this.log(`sms: a phone replied STOP; ${changed} SMS subscription(s) ended`);
    if (keyword === 'start') this.log(`sms: a phone replied START; ${changed} SMS subscription(s) back on`);
    if (!keyword) return;
    const counted = smsMetrics().replies[keyword];
    if (!reply) return counted.unanswered.inc();
    const outcome = await this.sms.send({ to: message.from, ...(replyAddress(message.to) ? { from: message.to } : {}), text: reply, reference: `reply-${keyword}` });
    if (outcome.kind === 'accepted') return counted.answered.inc();
    counted.failed.inc();
    this.log(`sms: answering a phone's ${keyword.toUpperCase()} failed (${outcome.reason})`, 'warn');
  }

  /**
   * Answers a reply after the number's earlier ones: replies from different phones go side by side,
   * but a STOP and a START from one phone, answered side by side, could end in the wrong order.
   */
  private inTurn(message: SmsInbound): void {
    const number = smsNumberForms(message.from)[0]!;
    const p = (this.lastReply.get(number) ?? Promise.resolve())
      .then(() => this.answer(message))
      .catch((error: unknown) => this.log(`sms: recording a reply failed (${(error as Error).message})`, 'error'));
    this.lastReply.set(number, p);
    void p.finally(() => {
      if (this.lastReply.get(number) === p) this.lastReply.delete(number);
    });
  }

  async send(delivery: ChannelDelivery): Promise<ChannelOutcome> {
    if (!delivery.phoneNumber) return { kind: 'failed', reason: 'this SMS subscription has no phone number' };
    const outcome = await this.sms.send({ to: delivery.phoneNumber, ...(delivery.from ? { from: delivery.from } : {}), text: delivery.body, reference: String(delivery.id) });
    switch (outcome.kind) {
      case 'accepted':
        // The SMSC has the message. Its ids go in with the outcome that marks the row sent (one
        // write per group); a receipt that outruns that write is looked for again.
        return { kind: 'delivered', reference: outcome.messageIds.join(' '), smsParts: outcome.messageIds };
      case 'retry':
        return outcome.retryAfterMs === undefined ? { kind: 'retry', reason: outcome.reason } : { kind: 'retry', reason: outcome.reason, retryAfterMs: outcome.retryAfterMs };
      case 'failed':
        return { kind: 'failed', reason: outcome.reason };
      case 'down':
        return { kind: 'dependency_down', reason: `${SMS_DOWN_PREFIX}${outcome.reason}` };
    }
  }

  async close(): Promise<void> {
    await this.sms.close();
    await Promise.allSettled([...this.lastReply.values()]);
    await this.receipts.close();
  }
}

/** Whether the address a phone wrote to can send the answer: a number or short code (a name-like one may be a national number; the default sender answers then). */
function replyAddress(to: string): boolean {
  try {
    return to.trim() !== '' && parseSenderId(to).ton !== 5;
  } catch {
    return false;
  }
}
