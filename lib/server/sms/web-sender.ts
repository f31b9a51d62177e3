import { createSmsSender, type SmsMessage, type SmsOutcome, type SmsSender } from '@/lib/channels/sms';

// The web process's own SMS sender, for texts a person waits for (a subscription's code): made on
// first use, one per process, SMPP to SMS_URL or the local outbox like the worker's.

let sender: SmsSender | null = null;

export function webSmsSender(): SmsSender {
  sender ??= createSmsSender();
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
