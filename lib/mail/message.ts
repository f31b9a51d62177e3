import { randomBytes } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer';
import { displayName, neutraliseHeader } from './header';

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

/** Message options for Nodemailer: text + HTML, Message-ID, From with name, List-* on one line each. */
export function mailOptions(m: OutgoingMail): Mail.Options {
  const host = neutraliseHeader(m.host).replace(/[^a-zA-Z0-9.-]/g, '') || 'localhost';
  const headers: Mail.Options['headers'] = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = neutraliseHeader(v);
  if (m.unsubscribeUrl) {
    // Prepared values are written as given, so Nodemailer never folds the URL across lines.
    headers['List-Unsubscribe'] = { prepared: true, value: `<${neutraliseHeader(m.unsubscribeUrl).replace(/[<>\s]/g, '')}>` };
    headers['List-Unsubscribe-Post'] = { prepared: true, value: 'List-Unsubscribe=One-Click' };
  }
  headers['List-Id'] = { prepared: true, value: `${displayName(m.from.name) ? `"${displayName(m.from.name)}" ` : ''}<notices.${host}>` };
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
