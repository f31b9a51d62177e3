import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { mailOptions, type OutgoingMail } from '@/lib/mail/message';
import { rawMessage } from '@/lib/mail/raw-message';

// The raw message exactly as Candor writes it for the wire (lib/mail/raw-message.ts), read back with mailparser.

const base: OutgoingMail = { from: { name: 'Status', email: 'status@example.com' }, to: 'reader@example.com', subject: 'Outage', html: '<p>Hi</p>', text: 'Hi', host: 'status.example.com', unsubscribeUrl: 'https://status.example.com/u/sub_1.abc' };

async function build(m: OutgoingMail): Promise<{ raw: Buffer; head: string }> {
  const raw = Buffer.from(rawMessage(mailOptions(m)).raw);
  return { raw, head: raw.toString('latin1').split('\r\n\r\n')[0]! };
}

/** The List-Id header's physical lines (the first and its folded continuations). */
function listIdLines(head: string): string[] {
  const lines = head.split('\r\n');
  const start = lines.findIndex((l) => /^List-Id:/i.test(l));
  const out = [lines[start]!];
  for (let i = start + 1; i < lines.length && /^[ \t]/.test(lines[i]!); i++) out.push(lines[i]!);
  return out;
}

/** mailparser reads List-Id into `list.id` without RFC 2047 decoding; its Subject decoder does that part. */
async function decodedListId(raw: Buffer): Promise<{ name: string; id: string }> {
  const parsed = await simpleParser(raw);
  const list = parsed.headers.get('list') as { id?: { name?: string; id?: string } };
  const name = list.id?.name ?? '';
  return { name: name && ((await simpleParser(Buffer.from(`Subject: ${name}\r\n\r\n`))).subject ?? ''), id: list.id?.id ?? '' };
}

describe('List-Id', () => {
  const names = ['Télécom Status — Ünïcode', '東京電力パワーグリッド 停電・障害情報 ステータスページ（公式）お知らせ配信', 'Status 🚦 Ampel', 'Ελληνικά — κατάσταση υπηρεσιών', 'x'.repeat(40) + 'é'.repeat(80)];

  it.each(names)('encodes the page name %s per RFC 2047 and decodes back with mailparser, 7-bit throughout', async (name) => {
    const { raw, head } = await build({ ...base, from: { ...base.from, name } });
    expect(raw.every((byte) => byte < 0x80)).toBe(true);
    const lines = listIdLines(head);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(78);
    // Encoded-words stand alone in the phrase: never inside a quoted string, each at most 75 characters.
    const value = lines.join('').replace(/^List-Id:\s*/i, '');
    expect(value).not.toContain('"');
    for (const word of value.match(/=\?[^?]+\?[QB]\?[^?]*\?=/gi) ?? []) expect(word.length).toBeLessThanOrEqual(75);
    expect(await decodedListId(raw)).toEqual({ name, id: 'notices.status.example.com' });
    // The same name, as From carries it; the unsubscribe headers stay on one line each.
    expect((await simpleParser(raw)).from?.value[0]?.name).toBe(name);
    expect(head).toMatch(/^List-Unsubscribe: <https:\/\/status\.example\.com\/u\/sub_1\.abc>$/m);
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  });

  it('quotes an ASCII name as it is, and a hostile name adds no header', async () => {
    const plain = await build(base);
    expect(listIdLines(plain.head)).toHaveLength(1);
    expect(listIdLines(plain.head)[0]).toMatch(/^List-Id: "Status" <notices\.status\.example\.com>$/i);
    const hostile = await build({ ...base, from: { ...base.from, name: 'Évil "Name"\r\nBcc: victim@example.com' } });
    expect(hostile.head).not.toMatch(/^Bcc:/im);
    expect(hostile.raw.every((byte) => byte < 0x80)).toBe(true);
    expect(await decodedListId(hostile.raw)).toEqual({ name: 'Évil Name Bcc: victim@example.com', id: 'notices.status.example.com' });
  });
});
