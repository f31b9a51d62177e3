import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmsSender, type SmsReceipt } from '@/lib/channels/sms';
import { keepSms, listSmsOutbox, pruneSmsOutbox } from '@/lib/channels/sms/outbox';
import { cliActor, type Actor } from '@/lib/server/actor';
import { listSmsOutboxFor } from '@/lib/server/sms-outbox/list-sms-outbox';

// Without SMS_URL, texts go to the local outbox on disk that the console's "SMS outbox" lists.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'candor-sms-outbox-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const actor = (role: Actor['role']): Actor => ({ type: 'user', userId: 'u1', label: `a ${role}`, role });

describe('the local SMS outbox', () => {
  it('keeps each text with its sender, segments and encoding, accepts it and sends a delivered receipt', async () => {
    const sender = createSmsSender({ config: undefined, outboxDir: dir, log: () => undefined });
    const receipts: SmsReceipt[] = [];
    sender.onReceipt((r) => receipts.push(r));
    const long = `Telstra: data loss in Sydney. ${'Recovery is under way. '.repeat(8)}`;
    const a = await sender.send({ to: '+61412345678', from: 'Telstra', text: long, reference: 'delivery-1' });
    const b = await sender.send({ to: '+14155550100', text: 'Ваш код: 482913', reference: 'delivery-2' });
    expect(a).toMatchObject({ kind: 'accepted', encoding: 'GSM-7', segments: 2 });
    expect(b).toMatchObject({ kind: 'accepted', encoding: 'UCS-2', segments: 1 });
    const box = listSmsOutbox(dir);
    expect(box.total).toBe(2);
    expect(box.messages.map(({ to, from, text, encoding, segments, reference }) => ({ to, from, text, encoding, segments, reference }))).toEqual([
      { to: '+14155550100', from: null, text: 'Ваш код: 482913', encoding: 'UCS-2', segments: 1, reference: 'delivery-2' },
      { to: '+61412345678', from: 'Telstra', text: long, encoding: 'GSM-7', segments: 2, reference: 'delivery-1' },
    ]);
    await new Promise((r) => setImmediate(r));
    expect(receipts.map((r) => [r.messageId, r.state])).toEqual([
      [a.kind === 'accepted' && a.messageIds[0], 'delivered'],
      [b.kind === 'accepted' && b.messageIds[0], 'delivered'],
    ]);
    expect(sender.status()).toMatchObject({ mode: 'sink', state: 'bound', target: dir });
  });

  it('refuses what the SMPP sender refuses, and keeps nothing of it', async () => {
    const sender = createSmsSender({ config: undefined, outboxDir: dir, log: () => undefined });
    expect(await sender.send({ to: '0412345678', text: 'hi', reference: 'x' })).toMatchObject({ kind: 'failed' });
    expect(await sender.send({ to: '+61412345678', text: '', reference: 'x' })).toMatchObject({ kind: 'failed' });
    expect(await sender.send({ to: '+61412345678', from: 'Not/AnId', text: 'hi', reference: 'x' })).toMatchObject({ kind: 'down' });
    expect(listSmsOutbox(dir).total).toBe(0);
    expect(await sender.send({ to: '+61412345678', text: 'hi', reference: 'x' })).toMatchObject({ kind: 'accepted' });
    expect(listSmsOutbox(dir).total).toBe(1);
  });

  it('an outbox that cannot be written is "down", not a failed message', async () => {
    const kept = keepSms(dir, { to: '+61412345678', from: null, text: 'x', encoding: 'GSM-7', segments: 1, reference: 'r' });
    const blocked = createSmsSender({ config: undefined, outboxDir: join(dir, `${kept.id}.json`, 'inside-a-file'), log: () => undefined });
    const writable = createSmsSender({ config: undefined, outboxDir: join(dir, 'fine'), log: () => undefined });
    expect(await blocked.send({ to: '+61412345678', text: 'hi', reference: 'x' })).toMatchObject({ kind: 'down', reason: 'the local SMS outbox cannot be written (ENOTDIR)' });
    expect(await writable.send({ to: '+61412345678', text: 'hi', reference: 'x' })).toMatchObject({ kind: 'accepted' });
  });

  it('keeps the newest, pruning the oldest', () => {
    for (let i = 0; i < 7; i++) keepSms(dir, { to: '+61412345678', from: null, text: `n${i}`, encoding: 'GSM-7', segments: 1, reference: `r${i}` }, 1_800_000_000_000 + i);
    pruneSmsOutbox(dir, 5);
    expect(listSmsOutbox(dir).messages.map((m) => m.text)).toEqual(['n6', 'n5', 'n4', 'n3', 'n2']);
  });

  it('the console lists it for responders and admins, pages of 50; viewers are refused', async () => {
    for (let i = 0; i < 51; i++) keepSms(dir, { to: '+61412345678', from: 'Telstra', text: `n${i}`, encoding: 'GSM-7', segments: 1, reference: `r${i}` }, 1_800_000_000_000 + i);
    const first = await listSmsOutboxFor({ actor: actor('responder'), page: 1, dir });
    expect(first).toMatchObject({ total: 51, pages: 2 });
    expect(first.messages[0]!.text).toBe('n50');
    expect((await listSmsOutboxFor({ actor: cliActor, page: 2, dir })).messages.map((m) => m.text)).toEqual(['n0']);
    await expect(listSmsOutboxFor({ actor: actor('viewer'), page: 1, dir })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
