import smpp from 'smpp';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { encodeSms, SEGMENT_LIMITS, smsSegments, smsTransmittedText } from '@/lib/channels/sms/encoding';

// GSM 03.38 (3GPP TS 23.038): the basic table and the extension table reached by ESC (0x1B).
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '\f^{}\\[~]|€';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The text of each segment, decoded alone (the UDH stripped), as a handset would see it. */
function decodeParts(text: string): string[] {
  const e = encodeSms(text, 42);
  return e.parts.map((p) => {
    const body = e.parts.length > 1 ? p.subarray(6) : p;
    return e.encoding === 'GSM-7' ? smpp.gsmCoder.decode(body, 0) : body.swap16().toString('utf16le');
  });
}

describe('smsSegments', () => {
  it.each([
    ['', 'GSM-7', 1, 0, 160],
    ['a'.repeat(160), 'GSM-7', 1, 160, 0],
    ['a'.repeat(161), 'GSM-7', 2, 161, 145],
    ['a'.repeat(306), 'GSM-7', 2, 306, 0],
    ['a'.repeat(307), 'GSM-7', 3, 307, 152],
    ['€'.repeat(80), 'GSM-7', 1, 160, 0],
    ['€'.repeat(81), 'GSM-7', 2, 162, 143],
    ['ж'.repeat(70), 'UCS-2', 1, 70, 0],
    ['ж'.repeat(71), 'UCS-2', 2, 71, 63],
    ['ж'.repeat(134), 'UCS-2', 2, 134, 0],
    ['😀'.repeat(35), 'UCS-2', 1, 70, 0],
  ])('%j: %s, %i segment(s), %i units, %i left', (text, encoding, segments, units, left) => {
    expect(smsSegments(text)).toMatchObject({ encoding, segments, units, charactersLeft: left });
  });

  it('every basic and extension character keeps GSM-7; extension characters count two septets', () => {
    expect(smsSegments(BASIC)).toMatchObject({ encoding: 'GSM-7', units: BASIC.length, nonGsmCharacters: [] });
    expect(smsSegments(EXTENSION)).toMatchObject({ encoding: 'GSM-7', units: EXTENSION.length * 2 });
  });

  it('names the characters that force UCS-2, once each', () => {
    expect(smsSegments('Outage ✓ ✓ in Zürich — 😀')).toMatchObject({ encoding: 'UCS-2', nonGsmCharacters: ['✓', '—', '😀'] });
  });

  it('agrees with the segment calculator on the number of segments for ordinary texts', () => {
    const texts = [BASIC.repeat(3), EXTENSION.repeat(20), 'Ω'.repeat(400), `${'x'.repeat(66)}😀`.repeat(4), 'Сбой '.repeat(50)];
    for (const t of texts) expect(smsSegments(t).segments).toBe(new SegmentedMessage(t).segmentsCount);
  });
});

describe('typographic punctuation (smart encoding)', () => {
  const typed = 'Telstra: We\u2019re on it \u2013 \u201cHiptop\u201d contacts\u2026 next update at 3:00\u202fPM \u00abbient\u00f4t\u00bb \u0141\u00f3d\u017a';
  it('goes out as the GSM characters it stands for when that keeps the whole text GSM-7', () => {
    const text = 'We\u2019re restoring \u201cSidekick\u201d data \u2013 contacts first\u2026\u00a0Next update: 14:00\u202fUTC \u00abdonn\u00e9es\u00bb\u200b';
    expect(smsTransmittedText(text)).toBe('We\'re restoring "Sidekick" data - contacts first... Next update: 14:00 UTC "donn\u00e9es"');
    expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7', units: smsTransmittedText(text).length, nonGsmCharacters: [] });
    expect(encodeSms(text, 7)).toEqual(encodeSms(smsTransmittedText(text), 7));
  });
  it('keeps its typography when the text needs UCS-2 anyway (and names every character that forces it)', () => {
    expect(smsSegments(typed)).toMatchObject({ encoding: 'UCS-2' });
    expect(smsTransmittedText(typed)).toBe(typed);
    expect(smsSegments(typed).nonGsmCharacters).toEqual(expect.arrayContaining(['\u2019', '\u00f4', '\u0141']));
  });
  it('writes the accents GSM lacks as plain letters when that keeps the text GSM-7, and keeps those it has', () => {
    const french = 'Telstra\u00a0: nous enqu\u00eatons; vos donn\u00e9es sont \u00e0 l\u2019abri \u2014 m\u00eame les photos. \u00c2ge, \u00eele, s\u0153ur, fa\u00e7on, o\u00f9, na\u00efve, canap\u00e9, jalape\u00f1o, p\u00e1gina';
    const sent = "Telstra : nous enquetons; vos donn\u00e9es sont \u00e0 l'abri - meme les photos. Age, ile, soeur, facon, o\u00f9, naive, canap\u00e9, jalape\u00f1o, pagina";
    expect(smsTransmittedText(french)).toBe(sent);
    expect(smsSegments(french)).toMatchObject({ encoding: 'GSM-7', units: sent.length, nonGsmCharacters: [] });
    expect(encodeSms(french, 3)).toEqual(encodeSms(sent, 3));
    // One character with no plain form (an emoji, a Polish \u0142) and the text keeps every accent, in UCS-2.
    for (const other of ['\u{1F4F1}', '\u0142']) {
      expect(smsTransmittedText(`${french} ${other}`)).toBe(`${french} ${other}`);
      expect(smsSegments(`${french} ${other}`).encoding).toBe('UCS-2');
    }
  });
  it('a 150-character notice with one curly apostrophe is one segment, not three', () => {
    const text = `${'a'.repeat(148)}\u2019s`;
    expect(smsSegments(text).segments).toBe(1);
    expect(smsSegments(text.replace('\u2019', '\u2713')).segments).toBe(3);
  });
});

describe('encodeSms', () => {
  it('a single segment has no header; GSM-7 is one septet per octet, data_coding 0', () => {
    const e = encodeSms('Hi €', 1);
    expect(e).toMatchObject({ encoding: 'GSM-7', dataCoding: 0 });
    expect([...e.parts[0]!]).toEqual([0x48, 0x69, 0x20, 0x1b, 0x65]);
  });

  it('UCS-2 is UTF-16BE with data_coding 8', () => {
    const e = encodeSms('ж😀', 1);
    expect(e.dataCoding).toBe(8);
    expect(e.parts[0]!.toString('hex')).toBe('0436d83dde00');
  });

  it('segments carry the concatenation header: IEI 0x00, the reference, the count and the number', () => {
    const e = encodeSms('a'.repeat(200), 0x1ab);
    expect(e.parts.map((p) => [...p.subarray(0, 6)])).toEqual([
      [5, 0, 3, 0xab, 2, 1],
      [5, 0, 3, 0xab, 2, 2],
    ]);
    expect(e.parts.map((p) => p.length - 6)).toEqual([153, 47]);
  });

  it('the parts, decoded by the smpp package as an SMSC would, give the text back', () => {
    for (const t of [BASIC + EXTENSION, (BASIC + EXTENSION).repeat(3), 'Сбой в Москве 😀 '.repeat(12)]) expect(decodeParts(t).join('')).toBe(t);
  });

  it('never cuts an extension character from its escape', () => {
    // 152 plain septets, then € (two): it cannot end segment one.
    const parts = decodeParts(`${'a'.repeat(152)}€${'b'.repeat(20)}`);
    expect(parts).toEqual(['a'.repeat(152), `€${'b'.repeat(20)}`]);
    for (const p of parts) expect(smpp.gsmCoder.encode(p, 0).length).toBeLessThanOrEqual(SEGMENT_LIMITS['GSM-7'].part);
  });

  it('never cuts a surrogate pair or a flag between segments', () => {
    for (let pad = 60; pad <= 68; pad++) {
      for (const tail of ['😀', '🇦🇺', '👩‍💻']) {
        const text = `${'x'.repeat(pad)}${tail}${'y'.repeat(10)}`;
        const parts = decodeParts(text);
        expect(parts.join('')).toBe(text);
        for (const p of parts) expect(p).not.toMatch(LONE_SURROGATE);
        expect(parts.some((p) => p.includes(tail))).toBe(true);
      }
    }
  });

  it('a character cluster longer than a segment is cut between code points, still never inside a pair', () => {
    const zalgo = `a${'\u0301'.repeat(80)}😀`;
    const parts = decodeParts(zalgo);
    expect(parts.join('')).toBe(zalgo);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(67);
    for (const p of parts) expect(p).not.toMatch(LONE_SURROGATE);
  });

  it('refuses a text past 255 segments, quickly', () => {
    expect(() => encodeSms('a'.repeat(153 * 256), 1)).toThrow(/at most 255/);
  });
});
