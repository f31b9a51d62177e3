import { simpleParser, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { mailOptions, type OutgoingMail } from '@/lib/mail/message';
import { rawMessage } from '@/lib/mail/raw-message';

// Candor writes its messages itself (lib/mail/raw-message.ts) from Nodemailer's encoders; Nodemailer's
// own composer is the reference. Both are read back with mailparser and must say the same thing.

const base: OutgoingMail = { from: { name: 'Candor status', email: 'status@status.example.net' }, to: 'reader@example.com', subject: 'Update on Personal data unavailable (Sidekick)', html: '<p>Hi</p>', text: 'Hi', host: 'status.example.net', unsubscribeUrl: 'https://status.example.net/u/sub_1.abc', headers: { 'X-Candor-Notice': 'n1' } };

const longLine = 'Contacts, calendars, to-do lists and photos '.repeat(12);
const cases: [string, Partial<OutgoingMail>][] = [
  ['plain ASCII', {}],
  ['French with non-breaking spaces and curly quotes', { subject: 'Mise à jour : données perdues', text: 'Contacts\u00a0: menacées; rien n’est perdu\npour l’instant.', html: '<p>Vos données\u00a0: <b>menacées</b></p>' }],
  ['Japanese (base64 words in headers)', { from: { name: '東京電力パワーグリッド 停電・障害情報', email: 'status@example.jp' }, subject: '連絡先のデータが失われました（Sidekick）', text: '連絡先のデータは復元できませんでした。\n'.repeat(20), html: '<p>連絡先</p>'.repeat(50) }],
  ['emoji and astral characters', { subject: 'Status 🚦 Ampel 𝔘𝔫𝔦𝔠𝔬𝔡𝔢', text: '🚦'.repeat(100), html: `<p>${'𝔘'.repeat(90)}</p>` }],
  ['long lines, trailing spaces and tabs, lone dots, CRLF and CR line ends', { text: `${longLine}\n.\n..\nend with spaces   \nand a tab\t\r\nold mac\rline\n`, html: `<pre>${longLine}</pre>\n.\n<p>a = b =3D c</p>   \n` }],
  ['a hostile display name and subject', { from: { name: 'Évil "Name"\r\nBcc: victim@example.com', email: 'status@status.example.net' }, subject: 'Hi\r\nBcc: victim@example.com\u2028X: y' }],
  ['an internationalised recipient domain', { to: 'leser@bücher.example' }],
  ['a very long subject', { subject: `Outage: ${'Sidekick data recovery — '.repeat(12)}` }],
  ['a header value with control characters', { headers: { 'X-Candor-Notice': 'n1\u0007\u0000x' } }],
];

async function both(m: OutgoingMail): Promise<{ ours: ParsedMail; theirs: ParsedMail; raw: Buffer }> {
  const options = mailOptions(m);
  const raw = Buffer.from(rawMessage(options).raw);
  const reference = await new MailComposer(options).compile().build();
  return { ours: await simpleParser(raw), theirs: await simpleParser(reference), raw };
}

describe('rawMessage', () => {
  it.each(cases)('%s: reads back as Nodemailer’s own message does', async (_name, change) => {
    const m = { ...base, ...change };
    const { ours, theirs } = await both(m);
    // Line ends aside: Candor writes CRLF for a lone CR too, which SMTP would otherwise turn into one on the way.
    const lines = (value: string | false | undefined) => (value || '').replace(/\r\n?/g, '\n');
    expect(lines(ours.text)).toBe(lines(theirs.text));
    expect(lines(ours.html)).toBe(lines(theirs.html));
    expect(ours.subject).toBe(theirs.subject);
    expect(ours.from).toEqual(theirs.from);
    expect(ours.to).toEqual(theirs.to);
    expect(ours.messageId).toBe(theirs.messageId);
    expect(ours.date?.toISOString()).toBe(theirs.date?.toISOString());
    for (const name of ['list-unsubscribe', 'list-unsubscribe-post', 'x-candor-notice', 'list', 'mime-version']) expect(ours.headers.get(name), name).toEqual(theirs.headers.get(name));
    expect(ours.attachments).toHaveLength(0);
    // The text written is the text given, line ends aside (the wire has CRLF only).
    expect(ours.text?.replace(/\r\n?/g, '\n').trimEnd()).toBe(m.text.replace(/\r\n?/g, '\n').trimEnd());
  });

  it.each(cases)('%s: 7-bit, CRLF only, lines within their limits, one header block', async (_name, change) => {
    const raw = Buffer.from(rawMessage(mailOptions({ ...base, ...change })).raw);
    const wire = raw.toString('latin1');
    expect(raw.every((byte) => byte < 0x80)).toBe(true);
    expect(wire).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    const [head, ...rest] = wire.split('\r\n\r\n');
    for (const line of head!.split('\r\n')) expect(line.length, line).toBeLessThanOrEqual(78);
    for (const line of rest.join('\r\n\r\n').split('\r\n')) expect(line.length, line).toBeLessThanOrEqual(76);
    // No header smuggled in by a value: exactly these names, each once.
    const names = head!.split('\r\n').filter((l) => !/^[ \t]/.test(l)).map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
    expect(names).toEqual(['x-candor-notice', 'list-unsubscribe', 'list-unsubscribe-post', 'list-id', 'from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-type']);
  });

  it('gives the envelope and the Message-ID written in the message, and a fresh boundary each time', async () => {
    const options = mailOptions({ ...base, to: 'leser@bücher.example' });
    const a = rawMessage(options);
    const b = rawMessage(options);
    expect(a.envelope).toEqual({ from: 'status@status.example.net', to: ['leser@bücher.example'] });
    expect((await simpleParser(a.raw)).messageId).toBe(`<${a.messageId}>`);
    const boundary = (raw: string) => /boundary="([^"]+)"/.exec(raw)![1];
    expect(boundary(a.raw)).not.toBe(boundary(b.raw));
  });

  it('refuses a header name that is not a field name (a bug, never input)', () => {
    const options = mailOptions(base);
    expect(() => rawMessage({ ...options, headers: { 'X-Ok': 'fine' } })).not.toThrow();
    expect(() => rawMessage({ ...options, headers: { 'Bcc: victim@example.com\r\nX': 'y' } })).toThrow(/not a header field name/);
  });
});
