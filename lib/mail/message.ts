import { randomBytes } from 'node:crypto';
import { encodeWord } from 'nodemailer/lib/mime-funcs';
import { displayName, neutraliseHeader } from './header';
import type { ComposedMail } from './raw-message';

export interface Sender {
  name: string;
  email: string;
}

export interface OutgoingMail {
  from: Sender;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Host for Message-ID and List-Id, from PUBLIC_URL. */
  host: string;
  /** One-click unsubscribe URL (RFC 8058); set on every notice. */
  unsubscribeUrl?: string;
  /** Extra headers, e.g. X-Candor-Notice; values are neutralised. */
  headers?: Record<string, string>;
}

/**
 * RFC 2919 List-Id: `phrase <notices.host>`. A name with non-ASCII characters goes out as RFC 2047
 * encoded-words (never inside quotes, where readers would not decode them; at most 75 characters
 * each, whole characters only), like From and Subject, so the header stays 7-bit.
 */
export function listId(name: string, host: string): string {
  const phrase = displayName(name);
  const id = `<notices.${host}>`;
  if (!phrase) return id;
  if (/^[\x20-\x7e]*$/.test(phrase)) return `"${phrase}" ${id}`;
  // Q keeps mostly-Latin names legible; B is shorter for other scripts.
  const latin = phrase.replace(/[^A-Za-z]/g, '').length;
  const other = phrase.replace(/[\x00-\x7f]/g, '').length;
  return `${encodeWord(phrase, other < latin ? 'Q' : 'B', 52)} ${id}`;
}

/** The message (for `rawMessage`, or as Nodemailer options): text + HTML, Message-ID, From with name, List-Unsubscribe(-Post) on one line each. */
export function mailOptions(m: OutgoingMail): ComposedMail {
  const host = neutraliseHeader(m.host).replace(/[^a-zA-Z0-9.-]/g, '') || 'localhost';
  const headers: ComposedMail['headers'] = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = neutraliseHeader(v);
  if (m.unsubscribeUrl) {
    // Prepared values are written as given, so Nodemailer never folds the URL across lines.
    headers['List-Unsubscribe'] = { prepared: true, value: `<${neutraliseHeader(m.unsubscribeUrl).replace(/[<>\s]/g, '')}>` };
    headers['List-Unsubscribe-Post'] = { prepared: true, value: 'List-Unsubscribe=One-Click' };
  }
  headers['List-Id'] = { prepared: true, foldLines: true, value: listId(m.from.name, host) };
  return {
    from: { name: displayName(m.from.name), address: neutraliseHeader(m.from.email) },
    to: neutraliseHeader(m.to),
    subject: neutraliseHeader(m.subject),
    text: m.text,
    html: m.html,
    messageId: `<${Date.now().toString(36)}.${randomBytes(9).toString('base64url')}@${host}>`,
    date: new Date(),
    headers,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
