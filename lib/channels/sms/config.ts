// SMS_URL, read and checked: smpp://system_id:password@host:2775?window=10 (smpps:// for TLS).
// Pure: a bad value throws SmsConfigError naming what is wrong, and env.ts stops Candor with it.

export class SmsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmsConfigError';
  }
}

export interface SmsConfig {
  host: string;
  port: number;
  tls: boolean;
  /** SMPP 3.4: at most 15 characters. */
  systemId: string;
  /** SMPP 3.4: at most 8 characters. */
  password: string;
  /** SMPP 3.4: at most 12 characters; empty unless the SMSC asks for one. */
  systemType: string;
  /** submit_sm sent and not yet answered, at most (the SMSC's window). */
  window: number;
  /** Seconds between enquire_link keepalives. */
  enquireLinkSeconds: number;
  /** Seconds to wait for an answer to a submit_sm (or a keepalive) before the connection is counted as dead. */
  responseTimeoutSeconds: number;
  /** Segments per second at most; 0 = no fixed cap (throttling replies still slow sending down). */
  ratePerSecond: number;
  /** Ask the SMSC for delivery receipts (registered_delivery 1). */
  receipts: boolean;
  /** The sender ID used when a region has none of its own; undefined = the SMSC's default. */
  senderId: SenderId | undefined;
}

/** How a sender shows on the phone: a name (up to 11 letters and digits), a short code, or an international number. */
export interface SenderId {
  address: string;
  /** SMPP type of number: 5 alphanumeric, 3 network-specific (short code), 1 international. */
  ton: number;
  npi: number;
}

const DEFAULTS = { window: 10, enquireLinkSeconds: 30, responseTimeoutSeconds: 30, ratePerSecond: 0, receipts: true };
const OPTIONS = ['window', 'system_type', 'enquire_link', 'response_timeout', 'rate', 'receipts', 'sender'] as const;

/** Hides the password: smpp://candor:***@smsc.example.net:2775. */
export function redactSmsUrl(raw: string): string {
  return raw.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

function intOption(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new SmsConfigError(`${name}=${raw} is not a whole number from ${min} to ${max}`);
  return Number(raw);
}

export function parseSmsUrl(raw: string): SmsConfig {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SmsConfigError(`"${redactSmsUrl(raw)}" is not a URL (expected smpp://system_id:password@host:2775 or smpps://... for TLS)`);
  }
  if (url.protocol !== 'smpp:' && url.protocol !== 'smpps:') throw new SmsConfigError(`"${redactSmsUrl(raw)}" must start with smpp:// or smpps://`);
  if (!url.hostname) throw new SmsConfigError('the URL has no host');
  const systemId = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!systemId) throw new SmsConfigError('the URL has no system_id (smpp://system_id:password@host:2775)');
  if (systemId.length > 15) throw new SmsConfigError(`the system_id is ${systemId.length} characters; SMPP 3.4 allows at most 15`);
  if (password.length > 8) throw new SmsConfigError(`the password is ${password.length} characters; SMPP 3.4 allows at most 8`);
  if (/[^\x20-\x7e]/.test(systemId + password)) throw new SmsConfigError('the system_id and password may hold only printable ASCII characters');
  const tls = url.protocol === 'smpps:';
  const port = url.port ? Number(url.port) : tls ? 3550 : 2775;

  const config: SmsConfig = { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, tls, systemId, password, systemType: '', senderId: undefined, ...DEFAULTS };
  for (const [key, value] of url.searchParams) {
    switch (key as (typeof OPTIONS)[number]) {
      case 'window':
        config.window = intOption(key, value, 1, 1000);
        break;
      case 'system_type':
        if (value.length > 12 || /[^\x20-\x7e]/.test(value)) throw new SmsConfigError(`system_type="${value}" must be at most 12 printable ASCII characters`);
        config.systemType = value;
        break;
      case 'enquire_link':
        config.enquireLinkSeconds = intOption(key, value, 1, 3600);
        break;
      case 'response_timeout':
        config.responseTimeoutSeconds = intOption(key, value, 1, 600);
        break;
      case 'rate':
        if (!/^\d{1,6}(\.\d{1,3})?$/.test(value)) throw new SmsConfigError(`rate=${value} is not a number of segments per second (0 = no cap)`);
        config.ratePerSecond = Number(value);
        break;
      case 'receipts':
        if (value !== 'on' && value !== 'off') throw new SmsConfigError(`receipts=${value} must be on or off`);
        config.receipts = value === 'on';
        break;
      case 'sender':
        config.senderId = parseSenderId(value, 'sender');
        break;
      default:
        throw new SmsConfigError(`unknown option "${key}" (known: ${OPTIONS.join(', ')})`);
    }
  }
  return config;
}

// GSM 03.38 letters, digits and a few marks every handset shows; at least one letter, else it is a number.
const ALPHANUMERIC = /^(?=.*[A-Za-z])[A-Za-z0-9 .&'_-]{1,11}$/;

/** SMPP's limits on a sender, as the console and API say them. */
export const SENDER_ID_RULE = "up to 11 letters, digits, spaces or . & ' _ - (with at least one letter), a short code of 3 to 8 digits, or a number of up to 15 digits (+61412345678 or 61412345678)";

/**
 * A sender ID as staff type it: "Telstra" or "T-Mobile" (alphanumeric, TON 5), "7726" (a short
 * code of 3 to 8 digits, TON 3), or an international number of up to 15 digits, with or without
 * its "+" (TON 1, NPI 1 E.164).
 */
export function parseSenderId(raw: string, field = 'sender ID'): SenderId {
  const text = raw.trim();
  if (/^\+?[1-9]\d{6,14}$/.test(text) && (text.startsWith('+') || text.length > 8)) return { address: text.replace(/^\+/, ''), ton: 1, npi: 1 };
  if (/^\d{3,8}$/.test(text)) return { address: text, ton: 3, npi: 0 };
  if (ALPHANUMERIC.test(text)) return { address: text, ton: 5, npi: 0 };
  throw new SmsConfigError(`${field} "${raw}" is not a sender ID: use ${SENDER_ID_RULE}`);
}

/** The sender ID for one message: the region's own when it has one, else SMS_URL's `sender`, else none (the SMSC's default). */
export function senderIdFor(regionSenderId: string | null | undefined, config: Pick<SmsConfig, 'senderId'> | undefined): SenderId | undefined {
  if (regionSenderId && regionSenderId.trim()) return parseSenderId(regionSenderId);
  return config?.senderId;
}
