import type { SmsMessage, SmsOutcome } from './index';
import { parseSenderId, type SenderId } from './config';

const E164 = /^\+[1-9]\d{6,14}$/;
// A notice fans out with a handful of sender IDs (one per region): each is read once.
const senders = new Map<string, SenderId>();

/**
 * What every sender refuses before sending: a number not in E.164 or an empty text fail the message;
 * a sender ID that cannot be one is our configuration, not the subscriber's fault, so it is "down".
 */
export function checkMessage(message: SmsMessage, fallback: SenderId | undefined): { sender: SenderId | undefined } | { refused: SmsOutcome } {
  if (!E164.test(message.to)) return { refused: { kind: 'failed', reason: `"${message.to}" is not a number in E.164 form (+61412345678)` } };
  if (message.text.length === 0) return { refused: { kind: 'failed', reason: 'the text is empty' } };
  try {
    if (!message.from?.trim()) return { sender: fallback };
    let sender = senders.get(message.from);
    if (!sender) {
      sender = parseSenderId(message.from);
      if (senders.size >= 64) senders.clear();
      senders.set(message.from, sender);
    }
    return { sender };
  } catch (error) {
    return { refused: { kind: 'down', reason: (error as Error).message } };
  }
}
