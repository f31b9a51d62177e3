// Delivery receipts and replies (both arrive as deliver_sm). Pure.

export const RECEIPT_STATES = ['delivered', 'failed', 'expired', 'rejected', 'unknown'] as const;
export type ReceiptState = (typeof RECEIPT_STATES)[number];
/** The states that say the phone never got the text (a delivery reads so once one segment does). */
export const UNDELIVERED_RECEIPT_STATES: ReadonlySet<string> = new Set<ReceiptState>(['failed', 'expired', 'rejected']);

export interface SmsReceipt {
  /** The SMSC's id from submit_sm_resp, as the receipt gives it. */
  messageId: string;
  state: ReceiptState;
  at: Date;
  /** The SMSC's stat and err when the message was not delivered ("UNDELIV err:001"). */
  error?: string;
}

/** esm_class message type bits (2-5): 0x04 is an SMSC delivery receipt, 0x20 an intermediate notification. */
export function isReceiptEsmClass(esmClass: number): boolean {
  const type = esmClass & 0x3c;
  return type === 0x04 || type === 0x20;
}

const STATS: Record<string, ReceiptState> = {
  DELIVRD: 'delivered',
  EXPIRED: 'expired',
  DELETED: 'failed',
  UNDELIV: 'failed',
  REJECTD: 'rejected',
  ACCEPTD: 'unknown',
  ENROUTE: 'unknown',
  UNKNOWN: 'unknown',
};

/** SMPP 3.4 message_state (the TLV): 1 ENROUTE ... 8 REJECTED. */
const MESSAGE_STATES: Record<number, ReceiptState> = { 1: 'unknown', 2: 'delivered', 3: 'expired', 4: 'failed', 5: 'failed', 6: 'unknown', 7: 'unknown', 8: 'rejected' };

/** The fields of SMPP 3.4 Appendix B's receipt text: "id:123 sub:001 dlvrd:001 submit date:... done date:... stat:DELIVRD err:000 text:...". */
export function parseReceiptText(text: string): { id?: string; stat?: string; err?: string } {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1];
  return { id: field('id'), stat: field('stat')?.toUpperCase(), err: field('err') };
}

export interface ReceiptFields {
  text?: string;
  /** The receipted_message_id TLV: preferred to the text's id when present. */
  receiptedMessageId?: string;
  /** The message_state TLV. */
  messageState?: number;
}

/** A receipt from a deliver_sm's fields; null when it names no message. */
export function receiptOf(fields: ReceiptFields, now: Date): SmsReceipt | null {
  const parsed = parseReceiptText(fields.text ?? '');
  const messageId = fields.receiptedMessageId || parsed.id;
  if (!messageId) return null;
  const state = (fields.messageState !== undefined ? MESSAGE_STATES[fields.messageState] : undefined) ?? (parsed.stat ? STATS[parsed.stat] : undefined) ?? 'unknown';
  const receipt: SmsReceipt = { messageId, state, at: now };
  if (state !== 'delivered') {
    const error = [parsed.stat, parsed.err && !/^0+$/.test(parsed.err) ? `err:${parsed.err}` : undefined].filter(Boolean).join(' ');
    if (error) receipt.error = error;
  }
  return receipt;
}

/** An SMSC's message id read as hex (up to 64 bits), or null when it is not one. */
export const hexValue = (s: string) => (/^[0-9a-f]{1,16}$/i.test(s) ? BigInt(`0x${s}`) : null);
/** An SMSC's message id read as decimal (up to 20 digits), or null when it is not one. */
export const decValue = (s: string) => (/^\d{1,20}$/.test(s) ? BigInt(s) : null);

/** SMSCs give the same id in hex in submit_sm_resp and in decimal in the receipt, or the reverse: equal either way. */
export function sameMessageId(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const [ha, hb, da, db] = [hexValue(a), hexValue(b), decValue(a), decValue(b)];
  return (ha !== null && db !== null && ha === db) || (hb !== null && da !== null && hb === da);
}

/**
 * Finds, among many stored ids, the one a receipt's id names (as sameMessageId() says, the same text
 * first), in constant time: a group of receipts is matched against its segments without comparing
 * every pair, each comparison parsing both ids as numbers.
 */
export function messageIdIndex<T>(items: readonly T[], idOf: (item: T) => string): (id: string) => T | undefined {
  const byKey = new Map<string, T>();
  const put = (key: string, item: T) => {
    if (!byKey.has(key)) byKey.set(key, item);
  };
  for (const item of items) put(`=${idOf(item).toLowerCase()}`, item);
  for (const item of items) {
    const id = idOf(item);
    const h = hexValue(id);
    const d = decValue(id);
    // Stored as hex, named in decimal by the receipt (x), or the reverse (d).
    if (h !== null) put(`x${h}`, item);
    if (d !== null) put(`d${d}`, item);
  }
  return (id) => {
    const exact = byKey.get(`=${id.toLowerCase()}`);
    if (exact !== undefined) return exact;
    const d = decValue(id);
    const h = hexValue(id);
    return (d !== null ? byKey.get(`x${d}`) : undefined) ?? (h !== null ? byKey.get(`d${h}`) : undefined);
  };
}

/** The words a phone's reply may be, by what it asks (the carriers' usual lists: CTIA's, and the ACMA's "STOP"). */
export const SMS_KEYWORDS = {
  stop: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'],
  start: ['START', 'UNSTOP'],
  help: ['HELP', 'INFO'],
} as const;
export type SmsKeyword = keyof typeof SMS_KEYWORDS;
const KEYWORD_OF = new Map<string, SmsKeyword>(Object.entries(SMS_KEYWORDS).flatMap(([k, words]) => words.map((w) => [w, k as SmsKeyword] as const)));

/** What a reply asks for when the whole message is one keyword (any case, spaces around ignored); null for anything else. */
export function smsKeyword(text: string): SmsKeyword | null {
  return KEYWORD_OF.get(text.trim().toUpperCase()) ?? null;
}

/** A reply that means "no more texts". */
export function isStopKeyword(text: string): boolean {
  return smsKeyword(text) === 'stop';
}
