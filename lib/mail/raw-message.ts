import { randomBytes } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer';
import { foldLines } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';

// The wire form of a message Candor sends (text + HTML, multipart/alternative), written in one pass.
//
// Nodemailer composes a message through a tree of streams: per message about 0.5 ms of CPU on a
// 5 kB notice (its QP encoder as a Transform, a pipeline and an AbortSignal per part, a regex scan of
// each body to choose an encoding, random boundaries), which was most of the delivery worker's
// CPU per notice. Here the same parts come from Nodemailer's own encoders, called once on whole
// strings: `MimeNode#encodeHeaderValue` for every header (RFC 2047 words, punycode, Message-ID
// brackets), `foldLines` at 76, and `qp.encode` + `qp.wrap` for the bodies. The message then goes
// to the same pooled transport as `{ envelope, raw }` (DKIM signing applies to raw messages too).
// tests/unit/raw-message.test.ts reads both forms back with mailparser and compares them.

/** What `mailOptions` (./message.ts) decides, in the shape both Nodemailer and `rawMessage` take. */
export interface ComposedMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
  /** Written before From, in order; a prepared value goes out as given (folded only if asked). */
  headers: Record<string, string | { prepared: true; foldLines?: boolean; value: string }>;
  disableFileAccess: true;
  disableUrlAccess: true;
}

export interface RawMail extends Pick<Mail.Options, 'envelope' | 'raw'> {
  envelope: { from: string; to: string[] };
  /**
   * A string, not a Buffer: the message stays in V8's (capped) heap, and Nodemailer turns it into
   * short-lived chunks as it writes, instead of one off-heap allocation per message held until the
   * relay has taken it.
   */
  raw: string;
  /** The Message-ID written in `raw` (Nodemailer reports none for a raw message). */
  messageId: string;
}

// One node, never sent: its public encodeHeaderValue is Nodemailer's header encoding, stateless per call.
const encoder = new MimeNode();

/** Encoded header values repeat across a notice's recipients (From, Subject, List-Id): keep the last few hundred. */
const encoded = new Map<string, string>();
function encodedHeader(key: string, value: string | { name: string; address: string }, cache = true): string {
  if (!cache) return foldLines(`${key}: ${encoder.encodeHeaderValue(key, value as never)}`, 76);
  const cacheKey = typeof value === 'string' ? `${key}\u0000${value}` : `${key}\u0000${value.name}\u0000${value.address}`;
  let line = encoded.get(cacheKey);
  if (line === undefined) {
    line = foldLines(`${key}: ${encoder.encodeHeaderValue(key, value as never)}`, 76);
    if (encoded.size >= 512) encoded.clear();
    encoded.set(cacheKey, line);
  }
  return line;
}

/** A text part's body: UTF-8, CRLF line ends, quoted-printable wrapped at 76 (RFC 2045). */
function qpBody(text: string): string {
  return qpWrap(qpEncode(Buffer.from(text.replace(/\r?\n|\r/g, '\r\n'), 'utf8')), 76);
}

/** RFC 5322 date as Nodemailer writes it. */
const rfc5322Date = (date: Date) => date.toUTCString().replace(/GMT/, '+0000');

/** The whole message, ready for the SMTP DATA command (which dot-stuffs it on the way). */
export function rawMessage(m: ComposedMail): RawMail {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(m.headers)) {
    // Header names come from Candor's code, never from input; one that is not a field name is a bug.
    if (!/^[!-9;-~]+$/.test(key)) throw new Error(`not a header field name: ${JSON.stringify(key)}`);
    if (typeof value === 'string') {
      if (value.trim()) lines.push(encodedHeader(key, value));
    } else if (value.value.trim()) {
      lines.push(value.foldLines ? foldLines(`${key}: ${value.value}`) : `${key}: ${value.value}`);
    }
  }
  lines.push(encodedHeader('From', m.from));
  lines.push(encodedHeader('To', m.to, false));
  lines.push(encodedHeader('Subject', m.subject));
  const messageId = encoder.encodeHeaderValue('Message-ID', m.messageId);
  lines.push(`Message-ID: ${messageId}`);
  lines.push(`Date: ${rfc5322Date(m.date)}`);
  lines.push('MIME-Version: 1.0');
  const boundary = `--_Candor-${randomBytes(12).toString('hex')}`;
  lines.push(`Content-Type: multipart/alternative;\r\n boundary="${boundary}"`);
  const part = (type: string, body: string) => `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qpBody(body)}\r\n`;
  const raw = `${lines.join('\r\n')}\r\n\r\n${part('text/plain', m.text)}${part('text/html', m.html)}--${boundary}--\r\n`;
  return { envelope: { from: m.from.address, to: [m.to] }, raw, messageId: messageId.replace(/[<>\s]/g, '') };
}
