import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink, type Sink } from '@/lib/mail/sink';
import { createPooledTransport } from '@/lib/mail/transport';
import { mailOptions } from '@/lib/mail/message';
import { rawMessage } from '@/lib/mail/raw-message';
import { listMailbox, readMailboxMessage } from '@/lib/mail/mailbox';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, rawHeaders, waitFor } from './notify-fixtures';

describe('mail transport and local sink', () => {
  let sink: Sink;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'candor-mailbox-'));
    sink = await startSink({ dir, keep: 10 });
  });
  afterAll(async () => {
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs with DKIM when a key is configured', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const transport = createPooledTransport(sink.url, { dkim: { domainName: 'status.example.net', keySelector: 'candor2009', privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() } });
    await transport.sendMail(rawMessage(mailOptions({ from: { name: 'Status', email: 'status@status.example.net' }, to: 'dkim@example.com', subject: 'Signed', html: '<p>hi</p>', text: 'hi', host: 'status.example.net' })));
    transport.close();
    const m = await waitFor('signed message', () => sink.messages.find((x) => x.to[0] === 'dkim@example.com'));
    const headers = rawHeaders(m).replace(/\r\n[ \t]+/g, ' ');
    expect(headers).toMatch(/^DKIM-Signature: .*\bd=status\.example\.net;.*\bs=candor2009;/m);
    // The signature covers the body that arrived: its bh= is the SHA-256 of that body, canonicalised
    // as c= says (RFC 6376 3.4.3/3.4.4), so a body written after signing would not match.
    const signature = /^DKIM-Signature: (.*)$/m.exec(headers)![1]!.replace(/\s+/g, '');
    const bodyCanon = /\bc=[a-z]+\/([a-z]+)/.exec(signature)?.[1] ?? 'simple';
    const body = m.raw.toString('latin1').split('\r\n\r\n').slice(1).join('\r\n\r\n');
    const canonical = (bodyCanon === 'relaxed' ? body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, '')).join('\r\n') : body).replace(/(\r\n)*$/, '\r\n');
    expect(/\bbh=([^;]+)/.exec(signature)![1]).toBe(createHash('sha256').update(canonical, 'latin1').digest('base64'));
  });

  it('keeps what it receives for the console mailbox: list, text, HTML and headers', async () => {
    const transport = createPooledTransport(sink.url);
    await transport.sendMail(rawMessage(mailOptions({ from: { name: 'Candor status', email: 'status@localhost' }, to: 'reader@example.com', subject: 'Über die Störung', html: '<h1>Hello</h1>', text: 'Hello reader', host: 'localhost', unsubscribeUrl: 'http://localhost:3000/u/abc', headers: { 'X-Candor-Notice': 'n1' } })));
    transport.close();
    await waitFor('stored', async () => (await listMailbox({ dir, audience: 'subscriber' })).messages.find((x) => x.to === 'reader@example.com'));
    const { messages } = await listMailbox({ dir, audience: 'subscriber' });
    const summary = messages.find((x) => x.to === 'reader@example.com')!;
    expect(summary.subject).toBe('Über die Störung');
    const full = await readMailboxMessage(summary.id, { dir, audience: 'subscriber' });
    expect(full?.text.trim()).toBe('Hello reader');
    expect(full?.html).toContain('<h1>Hello</h1>');
    expect(full?.headers.find((h) => h.name === 'List-Unsubscribe')?.value).toBe('<http://localhost:3000/u/abc>');
    expect(await readMailboxMessage('../../etc/passwd', { dir, audience: 'all' })).toBeNull();
    const parsed = await parse(sink.messages.find((x) => x.to[0] === 'reader@example.com')!);
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Candor status', address: 'status@localhost' });
  });
});
