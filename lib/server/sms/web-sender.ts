import { createSmsSender, type SmsMessage, type SmsOutcome, type SmsSender, type SmsSenderOptions } from '@/lib/channels/sms';
import type { BackgroundService } from '../runtime/services';

// The web process's own SMS sender, for texts a person waits for (a subscription's code): made on
// first use, one per process, SMPP to SMS_URL or the local outbox like the worker's. Its SMPP
// session is bound as a transmitter: replies from phones (STOP) and receipts go only to sessions
// bound to receive, the worker's, which acts on them; an SMSC that spreads them over every session
// of the account would otherwise hand some to this one, which would answer them and drop them.

let sender: SmsSender | null = null;

/** The web process's sender (defaults from the environment): sends only, never sent replies or receipts. */
export function createWebSmsSender(options: Partial<Omit<SmsSenderOptions, 'role'>> = {}): SmsSender {
  return createSmsSender({ ...options, role: 'transmitter' });
}

export function webSmsSender(): SmsSender {
  sender ??= createWebSmsSender();
  return sender;
}

export function sendWebSms(message: SmsMessage): Promise<SmsOutcome> {
  return webSmsSender().send(message);
}

/** For tests and shutdown: use this sender (or none, to make one from the environment on next use). */
export async function installWebSmsSender(next: SmsSender | null): Promise<void> {
  const previous = sender;
  sender = next;
  if (previous && previous !== next) await previous.close();
}

/**
 * The web sender's life in `candor start`: made on first use, so starting does nothing; stopping
 * closes it, which unbinds from the SMSC (an SMSC counts a dropped socket against the account).
 */
export const webSmsService: BackgroundService = {
  name: 'SMS sender for codes',
  enabled: () => true,
  start: () => Promise.resolve({ stop: () => installWebSmsSender(null) }),
};
