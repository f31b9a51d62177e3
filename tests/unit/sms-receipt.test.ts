import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { classifySubmitStatus, commandStatusName, describeBindRefusal } from '@/lib/channels/sms/command-status';
import { isReceiptEsmClass, isStopKeyword, messageIdIndex, smsKeyword, SMS_KEYWORDS, parseReceiptText, receiptOf, RECEIPT_STATES, sameMessageId } from '@/lib/channels/sms/receipt';
import { SmscPace } from '@/lib/channels/sms/pace';

const E = smpp.errors;
const now = new Date('2026-11-30T09:00:00Z');

describe('command_status', () => {
  it.each([
    ['ESME_ROK', 'accepted'],
    ['ESME_RTHROTTLED', 'throttled'],
    ['ESME_RMSGQFUL', 'throttled'],
    ['ESME_RINVDSTADR', 'failed'],
    ['ESME_RINVDSTTON', 'failed'],
    ['ESME_RINVMSGLEN', 'failed'],
    ['ESME_RINVDCS', 'failed'],
    ['ESME_RX_P_APPN', 'failed'],
    ['ESME_RINVBNDSTS', 'down'],
    ['ESME_RINVSRCADR', 'down'],
    ['ESME_RSYSERR', 'retry'],
    ['ESME_RSUBMITFAIL', 'retry'],
    ['ESME_RX_T_APPN', 'retry'],
  ])('%s is %s', (name, verdict) => {
    expect(classifySubmitStatus(E[name]!)).toBe(verdict);
  });

  it('every status SMPP 3.4 names has a class, and one it does not name is "retry", never a failure', () => {
    for (const code of Object.values(E)) expect(['accepted', 'throttled', 'failed', 'retry', 'down']).toContain(classifySubmitStatus(code));
    expect(classifySubmitStatus(0x0400)).toBe('retry');
    expect(commandStatusName(0x0400)).toBe('0x00000400');
    expect(commandStatusName(E.ESME_RTHROTTLED!)).toBe('ESME_RTHROTTLED');
  });

  it('a refused bind in words', () => {
    expect(describeBindRefusal(E.ESME_RINVPASWD!)).toBe('the SMSC refused our password (ESME_RINVPASWD)');
    expect(describeBindRefusal(E.ESME_RBINDFAIL!)).toBe('the SMSC refused our bind (ESME_RBINDFAIL)');
  });
});

describe('delivery receipts', () => {
  const text = (stat: string, err = '000') => `id:7f3a sub:001 dlvrd:001 submit date:2611300900 done date:2611300901 stat:${stat} err:${err} text:Telstra: data loss`;

  it('reads the SMPP 3.4 appendix B text', () => {
    expect(parseReceiptText(text('DELIVRD'))).toEqual({ id: '7f3a', stat: 'DELIVRD', err: '000' });
  });

  it.each([
    ['DELIVRD', 'delivered', undefined],
    ['EXPIRED', 'expired', 'EXPIRED err:001'],
    ['UNDELIV', 'failed', 'UNDELIV err:001'],
    ['DELETED', 'failed', 'DELETED err:001'],
    ['REJECTD', 'rejected', 'REJECTD err:001'],
    ['ACCEPTD', 'unknown', 'ACCEPTD err:001'],
    ['GIBBERI', 'unknown', 'GIBBERI err:001'],
  ])('stat:%s is %s', (stat, state, error) => {
    const r = receiptOf({ text: text(stat, stat === 'DELIVRD' ? '000' : '001') }, now);
    expect(r).toEqual({ messageId: '7f3a', state, at: now, ...(error ? { error } : {}) });
    expect(RECEIPT_STATES).toContain(r!.state);
  });

  it('the receipted_message_id and message_state TLVs win over the text', () => {
    expect(receiptOf({ text: text('DELIVRD'), receiptedMessageId: 'abc', messageState: 5 }, now)).toMatchObject({ messageId: 'abc', state: 'failed' });
    expect(receiptOf({ receiptedMessageId: 'abc', messageState: 2 }, now)).toEqual({ messageId: 'abc', state: 'delivered', at: now });
  });

  it('a receipt naming no message is none', () => {
    expect(receiptOf({ text: 'stat:DELIVRD' }, now)).toBeNull();
  });

  it('esm_class 0x04 (and 0x20 intermediate) is a receipt; 0x00 and 0x40 (UDH) are replies', () => {
    expect([0x04, 0x44, 0x84, 0x20].map(isReceiptEsmClass)).toEqual([true, true, true, true]);
    expect([0x00, 0x40, 0x03].map(isReceiptEsmClass)).toEqual([false, false, false]);
  });

  it('the same id in hex and decimal is the same message', () => {
    expect(sameMessageId('1f', '31')).toBe(true);
    expect(sameMessageId('31', '1F')).toBe(true);
    expect(sameMessageId('abc', 'ABC')).toBe(true);
    expect(sameMessageId('1f', '32')).toBe(false);
    expect(sameMessageId('msg-1', 'msg-2')).toBe(false);
  });

  it('the index of stored ids finds what sameMessageId() matches, the same text first, and nothing else', () => {
    // Small numbers, so that hex and decimal twins, leading zeros and case all meet often.
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const anId = () => {
      const v = rand(300);
      switch (rand(5)) {
        case 0:
          return v.toString(16);
        case 1:
          return v.toString(16).toUpperCase();
        case 2:
          return String(v);
        case 3:
          return `0${v.toString(16)}`;
        default:
          return `msg-${v}`;
      }
    };
    let found = 0;
    let missed = 0;
    for (let round = 0; round < 300; round++) {
      const stored = [...new Set(Array.from({ length: 1 + rand(20) }, () => anId().toLowerCase()))];
      const lookup = messageIdIndex(stored, (id) => id);
      for (let k = 0; k < 20; k++) {
        const id = anId();
        const got = lookup(id);
        const expected = stored.find((s) => sameMessageId(s, id));
        if (expected === undefined) {
          expect(got).toBeUndefined();
          missed += 1;
          continue;
        }
        found += 1;
        expect(got).toBeDefined();
        expect(sameMessageId(got!, id)).toBe(true);
        if (stored.includes(id.toLowerCase())) expect(got).toBe(id.toLowerCase());
      }
    }
    // Both branches ran many times.
    expect(found).toBeGreaterThan(500);
    expect(missed).toBeGreaterThan(500);
    expect(messageIdIndex(['1f'], (s) => s)('31')).toBe('1f');
    expect(messageIdIndex(['31'], (s) => s)('1F')).toBe('31');
  });
});

describe('isStopKeyword', () => {
  it.each(['STOP', 'stop', ' Stop\n', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit'])('%j stops', (t) => {
    expect(isStopKeyword(t)).toBe(true);
  });
  it.each(['', 'STOP IT', 'please stop', 'stopp', 'START', 'HELP', 'S T O P'])('%j does not', (t) => {
    expect(isStopKeyword(t)).toBe(false);
  });
});

describe('smsKeyword', () => {
  it.each([
    ['start', 'start'],
    [' Unstop ', 'start'],
    ['HELP', 'help'],
    ['info\n', 'help'],
    ['Stop', 'stop'],
  ] as const)('%j asks to %s', (text, keyword) => {
    expect(smsKeyword(text)).toBe(keyword);
  });
  it('every listed word is recognised as its own kind, whatever its case', () => {
    for (const [kind, words] of Object.entries(SMS_KEYWORDS)) for (const w of words) expect([smsKeyword(w), smsKeyword(w.toLowerCase())]).toEqual([kind, kind]);
  });
  it.each(['', 'help me', 'start again', 'STARTS', 'hlep', 'thanks', 'S T A R T'])('%j is no keyword', (t) => {
    expect(smsKeyword(t)).toBeNull();
  });
});

describe('SmscPace', () => {
  it('full speed until throttled; then half the rate seen, climbing while accepted, lifted at twice the ceiling', () => {
    let t = 0;
    const lines: string[] = [];
    const pace = new SmscPace(0, t, (l) => lines.push(l));
    for (let i = 0; i < 100; i++) {
      expect(pace.take(t)).toBe(0);
      pace.accepted(t);
      t += 10;
    }
    expect(pace.slowedTo).toBeNull();
    pace.throttled(t, t);
    expect(pace.slowedTo).toBe(50);
    expect(pace.take(t)).toBeGreaterThan(0);
    // A reply to a segment sent before the slowdown is not news.
    pace.throttled(t + 300, t - 5);
    expect(pace.slowedTo).toBe(50);
    let rounds = 0;
    while (pace.slowedTo !== null && rounds++ < 100_000) {
      const wait = pace.take(t);
      if (wait > 0) t += wait;
      else pace.accepted(t);
    }
    expect(pace.slowedTo).toBeNull();
    expect(lines).toEqual(['the SMSC asked us to slow down; sending at 50.0 segments/s, then faster while it accepts', 'the SMSC accepts again; sending at full speed']);
  });

  it('a fixed rate is kept, and a slowdown never goes above it', () => {
    const pace = new SmscPace(5, 0);
    expect([0, 0, 0, 0, 0].map(() => pace.take(0))).toEqual([0, 0, 0, 0, 0]);
    expect(pace.take(0)).toBe(200);
    pace.throttled(1000, 1000);
    expect(pace.slowedTo).toBeLessThanOrEqual(5);
  });
});
