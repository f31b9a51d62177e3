import { createServer } from 'node:net';
import smpp from 'smpp';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmsSender, isStopKeyword, parseSmsUrl, type SmsInbound, type SmsReceipt, type SmsSender } from '@/lib/channels/sms';
import { smsSegments } from '@/lib/channels/sms/encoding';
import { startSmsc, type Smsc, type SmscOptions } from '../helpers/smsc';

// The SMPP sender against a real SMSC on loopback (the `smpp` package's server side), never a mock.

const E = smpp.errors;
const open: { smsc: Smsc[]; senders: SmsSender[] } = { smsc: [], senders: [] };
const quiet = process.env.SMS_TEST_LOG ? (line: string) => process.stderr.write(`${line}\n`) : () => undefined;

async function setup(options: SmscOptions = {}, query = '') {
  const smsc = await startSmsc(options);
  open.smsc.push(smsc);
  const sender = createSmsSender({ config: parseSmsUrl(smsc.url(undefined, undefined, query)), log: quiet });
  open.senders.push(sender);
  return { smsc, sender };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterEach(async () => {
  await Promise.all(open.senders.splice(0).map((s) => s.close()));
  await Promise.all(open.smsc.splice(0).map((s) => s.stop()));
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('encoding on the wire', () => {
  it.each([
    ['GSM-7, one segment', 'Telstra: data loss in Sydney since 09:00. Recovery under way.', 0, 1],
    ['GSM-7 extension characters (count double)', `Costs €5 [approx] {see} ~x^y\\z|w. ${'a'.repeat(140)}`, 0, 2],
    ['UCS-2', 'Сбой в Москве: данные восстановлены.', 8, 1],
    ['an emoji right at the 67-unit boundary', `${'x'.repeat(66)}😀${'y'.repeat(10)}`, 8, 2],
    ['a flag across the boundary', `${'z'.repeat(65)}🇦🇺🇦🇺 ok`, 8, 2],
    ['two GSM-7 segments', 'r'.repeat(153) + 's'.repeat(100), 0, 2],
  ])('%s reaches the SMSC whole', async (_name, text, dataCoding, segments) => {
    const { smsc, sender } = await setup();
    const outcome = await sender.send({ to: '+61412345678', from: 'Telstra', text, reference: 'd1' });
    expect(outcome).toMatchObject({ kind: 'accepted', segments });
    expect(outcome.kind === 'accepted' && outcome.messageIds).toHaveLength(segments);
    expect(smsSegments(text).segments).toBe(segments);
    expect(smsc.messages).toHaveLength(1);
    const got = smsc.messages[0]!;
    expect(got).toMatchObject({ to: '+61412345678', from: 'Telstra', text });
    expect(got.parts).toHaveLength(segments);
    for (const part of got.parts) {
      expect(part.dataCoding).toBe(dataCoding);
      expect(part.sourceTon).toBe(5);
      expect(part.registeredDelivery).toBe(1);
      expect(part.text).not.toMatch(LONE_SURROGATE);
      expect(part.text.endsWith('\x1b')).toBe(false);
      if (segments > 1) {
        expect(part.esmClass & 0x40).toBe(0x40);
        expect(part.concat).toMatchObject({ ref: got.parts[0]!.concat!.ref, total: segments });
      } else expect(part.concat).toBeNull();
    }
    if (segments > 1) expect(got.parts.map((p) => p.concat!.seq)).toEqual([...Array(segments).keys()].map((i) => i + 1));
  });
});

describe('outcomes', () => {
  it('an invalid destination fails that message only', async () => {
    const { smsc, sender } = await setup({ onSubmit: ({ to }) => (to === '+61400000000' ? E.ESME_RINVDSTADR : undefined) });
    const [bad, good] = await Promise.all([sender.send({ to: '+61400000000', text: 'one', reference: 'a' }), sender.send({ to: '+61412345678', text: 'two', reference: 'b' })]);
    expect(bad).toEqual({ kind: 'failed', reason: 'the SMSC answered ESME_RINVDSTADR' });
    expect(good.kind).toBe('accepted');
    expect(smsc.messages.map((m) => m.to)).toEqual(['+61412345678']);
    expect(sender.status()).toMatchObject({ state: 'bound', counts: { failed: 1, accepted: 1 } });
  });

  it('a refused bind is "down", not a failure, and nothing is submitted', async () => {
    const smsc = await startSmsc();
    open.smsc.push(smsc);
    const wrong = createSmsSender({ config: parseSmsUrl(smsc.url('candor', 'wrong')), log: quiet });
    const right = createSmsSender({ config: parseSmsUrl(smsc.url()), log: quiet });
    open.senders.push(wrong, right);
    const refused = await wrong.send({ to: '+61412345678', text: 'hello', reference: 'a' });
    expect(refused).toEqual({ kind: 'down', reason: 'the SMSC refused our password (ESME_RINVPASWD)' });
    expect(wrong.status()).toMatchObject({ state: 'down', reason: 'the SMSC refused our password (ESME_RINVPASWD)' });
    // While down it answers at once, without trying the SMSC for each message.
    expect((await wrong.send({ to: '+61412345678', text: 'again', reference: 'b' })).kind).toBe('down');
    expect(smsc.submits).toBe(0);
    expect((await right.send({ to: '+61412345678', text: 'hello', reference: 'c' })).kind).toBe('accepted');
    expect(smsc.submits).toBe(1);
  });

  it('an SMSC that cannot be reached is "down"', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const sender = createSmsSender({ config: parseSmsUrl(`smpp://candor:secret@127.0.0.1:${port}`), log: quiet });
    open.senders.push(sender);
    const outcome = await sender.send({ to: '+61412345678', text: 'hello', reference: 'a' });
    expect(outcome).toEqual({ kind: 'down', reason: 'the SMSC cannot be reached (ECONNREFUSED)' });
  });

  it('throttling slows sending down, every message still goes exactly once, then full speed returns', async () => {
    let limit = true;
    const stamps: number[] = [];
    // The SMSC takes at most 40 a second (a sliding second) while `limit` holds.
    const { smsc, sender } = await setup({
      onSubmit: () => {
        const now = Date.now();
        while (stamps.length && now - stamps[0]! >= 1000) stamps.shift();
        if (limit && stamps.length >= 40) return E.ESME_RTHROTTLED;
        stamps.push(now);
        return undefined;
      },
    });
    const sends = Array.from({ length: 120 }, (_, i) => sender.send({ to: '+61412345678', text: `update ${i}`, reference: `r${i}` }));
    await until(() => sender.status().slowedTo !== null);
    const slowed = sender.status().slowedTo!;
    expect(slowed).toBeLessThan(40);
    const outcomes = await Promise.all(sends);
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    const texts = smsc.messages.map((m) => m.text);
    expect(new Set(texts).size).toBe(120);
    expect(texts).toHaveLength(120);
    // Paced, not hammering: without shaping every refusal would be resent at once, thousands of times.
    const throttled = smsc.parts.filter((p) => p.status === E.ESME_RTHROTTLED).length;
    expect(throttled).toBeGreaterThan(0);
    expect(throttled).toBeLessThan(60);
    expect(sender.status().counts.throttled).toBe(throttled);
    // The SMSC stops limiting: the rate climbs back and the limit is lifted.
    limit = false;
    let i = 0;
    const started = Date.now();
    while (sender.status().slowedTo !== null && Date.now() - started < 20_000) {
      await Promise.all(Array.from({ length: 10 }, () => sender.send({ to: '+61412345678', text: `more ${i++}`, reference: 'm' })));
    }
    expect(sender.status().slowedTo).toBeNull();
  }, 40_000);

  it('a throttled segment of a long text is sent again alone, under the same concatenation reference', async () => {
    const { smsc, sender } = await setup({ onSubmit: ({ call }) => (call === 2 ? E.ESME_RMSGQFUL : undefined) }, 'window=1');
    const text = `${'Recovery under way. '.repeat(10)}Next update 11:00.`;
    const outcome = await sender.send({ to: '+61412345678', text, reference: 'a' });
    expect(outcome).toMatchObject({ kind: 'accepted', segments: 2 });
    expect(smsc.parts.map((p) => [p.concat?.seq, p.status])).toEqual([
      [1, 0],
      [2, E.ESME_RMSGQFUL],
      [2, 0],
    ]);
    expect(new Set(smsc.parts.map((p) => p.concat?.ref)).size).toBe(1);
    expect(smsc.messages).toHaveLength(1);
    expect(smsc.messages[0]!.text).toBe(text);
  });

  it('a connection lost mid-window is rebuilt: nothing lost, only what was in flight sent twice', async () => {
    const { smsc, sender } = await setup({ onSubmit: ({ call }) => (call === 25 ? 'drop' : undefined) }, 'window=10');
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => sender.send({ to: '+61412345678', text: `part ${i}`, reference: `r${i}` })));
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    const texts = smsc.messages.map((m) => m.text);
    expect(new Set(texts)).toEqual(new Set(Array.from({ length: 60 }, (_, i) => `part ${i}`)));
    const duplicates = texts.length - new Set(texts).size;
    expect(duplicates).toBeGreaterThanOrEqual(1);
    expect(duplicates).toBeLessThanOrEqual(10);
    expect(smsc.binds).toBe(2);
    expect(sender.status()).toMatchObject({ state: 'bound', counts: { reconnects: 1 } });
  });
});

describe('keeping the line', () => {
  it('sends enquire_link while idle, and leaves an SMSC that stops answering for a fresh session', async () => {
    const { smsc, sender } = await setup({ onSubmit: ({ call }) => (call === 1 ? 'silent' : undefined) }, 'enquire_link=1&response_timeout=1');
    const outcome = await sender.send({ to: '+61412345678', text: 'hello', reference: 'a' });
    expect(outcome.kind).toBe('accepted');
    // The SMSC took the first copy and never answered: the second copy is the in-flight duplicate.
    expect(smsc.submits).toBe(2);
    expect(smsc.binds).toBe(2);
    const before = smsc.enquireLinks;
    await until(() => smsc.enquireLinks >= before + 2, 5_000);
    expect(sender.status().state).toBe('bound');
  });

  it('an SMSC that says we are not bound is "down" for that message, and a fresh session follows', async () => {
    const { smsc, sender } = await setup({ onSubmit: ({ call }) => (call === 1 ? E.ESME_RINVBNDSTS : undefined) });
    expect(await sender.send({ to: '+61412345678', text: 'one', reference: 'a' })).toEqual({ kind: 'down', reason: 'the SMSC answered ESME_RINVBNDSTS' });
    await until(() => smsc.binds === 2 && sender.status().state === 'bound');
    expect((await sender.send({ to: '+61412345678', text: 'two', reference: 'b' })).kind).toBe('accepted');
  });

  it('close() unbinds; later sends are "down", never failed', async () => {
    const { smsc, sender } = await setup();
    expect((await sender.send({ to: '+61412345678', text: 'one', reference: 'a' })).kind).toBe('accepted');
    await sender.close();
    await until(() => smsc.sessions().length === 0);
    expect(await sender.send({ to: '+61412345678', text: 'two', reference: 'b' })).toEqual({ kind: 'down', reason: 'the SMS sender is closed' });
    expect(sender.status().state).toBe('closed');
  });
});

describe('from the SMSC', () => {
  it('delivery receipts reach onReceipt with the ids send() returned, each answered', async () => {
    const { smsc, sender } = await setup({ receipts: true });
    const receipts: SmsReceipt[] = [];
    sender.onReceipt((r) => receipts.push(r));
    const outcomes = await Promise.all(['one', 'two', 'x'.repeat(200)].map((text, i) => sender.send({ to: '+61412345678', text, reference: `r${i}` })));
    const ids = outcomes.flatMap((o) => (o.kind === 'accepted' ? o.messageIds : []));
    expect(ids).toHaveLength(4);
    await until(() => receipts.length === 4);
    expect(receipts.map((r) => r.messageId).sort()).toEqual([...ids].sort());
    expect(receipts.every((r) => r.state === 'delivered' && r.at instanceof Date)).toBe(true);
    await smsc.sendReceipt(ids[0]!, 'UNDELIV');
    await until(() => receipts.length === 5);
    expect(receipts[4]).toMatchObject({ messageId: ids[0], state: 'failed', error: 'UNDELIV err:001' });
    expect(smsc.deliverResponses).toBe(5);
  });

  it('a STOP from a phone reaches onInbound, answered with deliver_sm_resp', async () => {
    const { smsc, sender } = await setup();
    const inbound: SmsInbound[] = [];
    sender.onInbound((m) => inbound.push(m));
    await sender.send({ to: '+61412345678', text: 'hello', reference: 'a' });
    await smsc.sendMo('+61412345678', 'thanks');
    await smsc.sendMo('+61412345678', ' Stop ');
    // A phone that writes in UCS-2 (it had an emoji keyboard open, say).
    await smsc.sendMo('+61412345678', 'STOP', '7726', 8);
    await until(() => inbound.length === 3);
    expect(inbound).toEqual([
      { from: '+61412345678', to: '7726', text: 'thanks' },
      { from: '+61412345678', to: '7726', text: ' Stop ' },
      { from: '+61412345678', to: '7726', text: 'STOP' },
    ]);
    expect(inbound.map((m) => isStopKeyword(m.text))).toEqual([false, true, true]);
    expect(smsc.deliverResponses).toBe(3);
  });
});
