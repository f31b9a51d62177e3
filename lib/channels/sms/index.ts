/**
 * SMS for Candor: text messages over SMPP 3.4 to a carrier's SMSC, or to a local outbox.
 *
 *   const sms = createSmsSender();              // SMS_URL set: an SMPP client; unset: the local outbox
 *   const outcome = await sms.send({ to: '+61412345678', from: 'Telstra', text, reference: deliveryId });
 *   sms.onReceipt((r) => ...);                  // delivery receipts: r.messageId is one of outcome.messageIds
 *   sms.onInbound((m) => isStopKeyword(m.text) && ...);   // replies from phones (STOP ...)
 *   sms.status();                               // for the console, /api/health and metrics
 *   await sms.close();
 *
 * send() never throws for the message's sake; it settles to one of
 *   accepted  the SMSC took every segment; messageIds in segment order (receipts name them)
 *   retry     a passing refusal (throttled for too long, an SMSC fault): send again later
 *   failed    refused for good (an invalid number, a refused length or coding): do not send again
 *   down      nothing can go out (no connection, bind refused, our sender ID refused): pause and
 *             tell staff; the message is nobody's failure. While down, send() answers at once.
 * Throttling (ESME_RTHROTTLED, ESME_RMSGQFUL) is handled inside: sending slows down and the segment
 * is sent again. A connection lost mid-window is rebuilt and the unanswered segments sent again, so
 * a message is never lost and is sent twice only if its segment was in flight when the line dropped.
 *
 * Text is GSM-7 when it can be and UCS-2 otherwise, split with a concatenation header:
 * smsSegments(text) tells how many segments a text takes (MAX_NOTICE_SEGMENTS = 2 for notices).
 * The sender ID is per message (`from`: the region's, "Telstra"), falling back to SMS_URL's `sender`.
 */
import { env } from '@/lib/server/env';
import { smsOutboxDir } from '@/lib/server/paths';
import { lineLog } from '@/lib/server/log/logger';
import type { SmsConfig } from './config';
import type { SmsReceipt } from './receipt';
import type { SmsEncoding } from './encoding';
import { createSmppSender, type SmppRole } from './smpp-sender';
import { createSinkSender } from './sink-sender';

export { smsSegments, smsTransmittedText, MAX_NOTICE_SEGMENTS, type SmsSegmentCount, type SmsEncoding } from './encoding';
export { isStopKeyword, smsKeyword, SMS_KEYWORDS, sameMessageId, type SmsKeyword, type SmsReceipt, type ReceiptState } from './receipt';
export { parseSmsUrl, parseSenderId, senderIdFor, SmsConfigError, type SmsConfig, type SenderId } from './config';

export interface SmsMessage {
  /** E.164: +61412345678. */
  to: string;
  /** The sender ID for this message (the region's: "Telstra", a short code, or +E.164); else SMS_URL's `sender`. */
  from?: string;
  text: string;
  /** Our delivery id: written with the message in the local outbox and in logs. */
  reference: string;
}

export type SmsOutcome =
  | { kind: 'accepted'; messageIds: string[]; encoding: SmsEncoding; segments: number }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'down'; reason: string };

export interface SmsInbound {
  /** The phone's number: +E.164 when the SMSC says it is international. */
  from: string;
  /** The number or short code it wrote to. */
  to: string;
  text: string;
}

export interface SmsStatus {
  mode: 'smpp' | 'sink';
  /** connecting: (re)connecting or binding; bound: sending; down: the last attempt failed, the next is on a timer. */
  state: 'connecting' | 'bound' | 'down' | 'closed';
  since: Date;
  /** Why it is down, in words ("the SMSC refused our password (ESME_RINVPASWD)"); null otherwise. */
  reason: string | null;
  /** host:port of the SMSC, or the outbox folder. */
  target: string;
  window: number;
  inFlight: number;
  queued: number;
  /** Segments per second since the SMSC asked us to slow down; null at full speed. */
  slowedTo: number | null;
  counts: { submitted: number; accepted: number; throttled: number; failed: number; retried: number; reconnects: number; receipts: number; inbound: number };
}

export interface SmsSender {
  send(message: SmsMessage): Promise<SmsOutcome>;
  onReceipt(listener: (receipt: SmsReceipt) => void): void;
  onInbound(listener: (message: SmsInbound) => void): void;
  status(): SmsStatus;
  close(): Promise<void>;
}

export interface SmsSenderOptions {
  /** SMS_URL, parsed; undefined: the local outbox. */
  config: SmsConfig | undefined;
  /** Where the local outbox keeps messages. */
  outboxDir: string;
  log?: (line: string, level?: 'info' | 'warn' | 'error') => void;
  /** SMPP only: the worker's session is a transceiver (the default); the web process's, a transmitter. */
  role?: SmppRole;
}

/** An SMPP client when SMS_URL is set, else the local outbox the console shows. Defaults from the environment. */
export function createSmsSender(options?: Partial<SmsSenderOptions>): SmsSender {
  const config = options && 'config' in options ? options.config : env().sms;
  const log = options?.log ?? lineLog('sms');
  if (config) return createSmppSender(config, log, Date.now, options?.role);
  return createSinkSender(options?.outboxDir ?? smsOutboxDir(), log);
}
