import smpp from 'smpp';

// How a text travels as SMS: GSM 03.38 (7-bit) when every character is in its basic or extension
// table (the smpp package's tables), else UCS-2; split into segments that carry a concatenation
// header (IEI 0x00, 8-bit reference). UCS-2 is cut between graphemes (Intl.Segmenter), so an
// emoji or a flag is never cut in two; a cluster longer than a segment is cut between code points.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Units per segment: septets for GSM-7, UTF-16 code units for UCS-2; `part` when a concatenation header takes 6 octets. */
export const SEGMENT_LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

/** A notice's text must fit in this many segments (issue 15); the console warns past it. */
export const MAX_NOTICE_SEGMENTS = 2;
/** A concatenated message has at most 255 parts (the header's count is one octet). */
export const MAX_SEGMENTS = 255;

/** SMPP data_coding: 0 is the SMSC's default alphabet (GSM 03.38, one septet per octet), 8 is UCS-2 (UTF-16BE). */
export const DATA_CODING: Record<SmsEncoding, number> = { 'GSM-7': 0x00, 'UCS-2': 0x08 };

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  segments: number;
  /** Septets (GSM-7; an extension character such as € counts 2) or UTF-16 code units (UCS-2). */
  units: number;
  /** Units that still fit in the last segment before another one is needed. */
  charactersLeft: number;
  /** The characters that force UCS-2, once each (empty for GSM-7). */
  nonGsmCharacters: string[];
}

interface Split {
  encoding: SmsEncoding;
  /** The text as it goes out (smsTransmittedText). */
  text: string;
  /** The encoded text when it fits in one segment: the same for every number it goes to, so built once. */
  single: EncodedSms | null;
  /** Each segment's code units: GSM septet values or UTF-16 code units. */
  chunks: number[][];
  units: number;
  nonGsmCharacters: string[];
}

const CACHE_SIZE = 64;
// A notice goes out to many numbers with one text: it is split once.
const cache = new Map<string, Split>();

const GSM = smpp.gsmCoder.getCoder(0);
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Typographic punctuation and spaces that GSM 03.38 lacks, by the plain character it has (as SMS
 * gateways' "smart encoding" does): one curly apostrophe typed in the console, or a French
 * non-breaking space, would otherwise turn a whole text into UCS-2, 70 characters a segment.
 */
const GSM_STAND_INS: Record<string, string> = {
  ...Object.fromEntries([...'«»“”„‟″'].map((c) => [c, '"'])),
  ...Object.fromEntries([...'‘’‚‛′ʼ´`'].map((c) => [c, "'"])),
  ...Object.fromEntries([...'‐‑‒–—―−'].map((c) => [c, '-'])),
  '…': '...',
  ...Object.fromEntries([...'\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000'].map((c) => [c, ' '])),
  ...Object.fromEntries([...'\u200b\u200c\u200d\u2060\ufeff'].map((c) => [c, ''])),
};
/** Ligatures GSM 03.38 lacks, spelled out (Æ and æ it has). */
const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', ĳ: 'ij', Ĳ: 'IJ' };

const isGsm = (c: string) => GSM.charListEnc[c] !== undefined || GSM.extCharListEnc[c] !== undefined;

// Letters are looked up once each: a notice's texts share a handful.
const folded = new Map<string, string | null>();

/**
 * A letter with an accent GSM 03.38 lacks, as the plain letter it has (ê ô î â û as e o i a u, á í
 * ó ú as a i o u, ç as c, œ as oe), the way French, Spanish or Portuguese texts are commonly sent:
 * one circumflex would otherwise make the whole text UCS-2, 67 characters a part instead of 153,
 * and a notice's two segments would hold a sentence. The accents GSM has (é è à ù ì ò ä ö ü ñ …)
 * stay. A letter that has no plain form (ł, ı) has no stand-in.
 */
function foldedLetter(c: string): string | null {
  let found = folded.get(c);
  if (found === undefined) {
    const base = LIGATURES[c] ?? c.normalize('NFD').replace(/\p{M}+/gu, '');
    found = base !== c && base.length > 0 && /^\p{L}+$/u.test(base) && [...base].every(isGsm) ? base : null;
    if (folded.size >= 256) folded.clear();
    folded.set(c, found);
  }
  return found;
}

/** What a character GSM 03.38 lacks goes out as, if anything. */
function standIn(c: string): string | null {
  return GSM_STAND_INS[c] ?? foldedLetter(c);
}

/**
 * The text as it goes out: with the stand-ins above when that makes it GSM 03.38 throughout, else
 * as written (a text that needs UCS-2 anyway keeps its typography). Pure.
 */
export function smsTransmittedText(text: string): string {
  return split(text).text;
}

/** A text's units: GSM septets (ESC and its character side by side) when every character has them (after the stand-ins), else UTF-16 code units per grapheme. */
function unitsOf(text: string): { encoding: 'GSM-7'; septets: number[]; text: string } | { encoding: 'UCS-2'; items: number[][]; nonGsmCharacters: string[]; text: string } {
  const found = unitsAsWritten(text);
  if (found.encoding === 'GSM-7' || !found.nonGsmCharacters.every((c) => standIn(c) !== null)) return found;
  const replace = new Map(found.nonGsmCharacters.map((c) => [c, standIn(c)!]));
  let plainText = '';
  for (const c of text) plainText += replace.get(c) ?? c;
  const plain = unitsAsWritten(plainText);
  return plain.encoding === 'GSM-7' ? plain : found;
}

function unitsAsWritten(text: string): { encoding: 'GSM-7'; septets: number[]; text: string } | { encoding: 'UCS-2'; items: number[][]; nonGsmCharacters: string[]; text: string } {
  // One flat array: a notice goes to every number with its own links, so this runs for each text sent.
  const septets: number[] = [];
  const nonGsm = new Set<string>();
  for (const char of text) {
    if (char === '\x1b') {
      nonGsm.add(char);
      continue;
    }
    const basic = GSM.charListEnc[char];
    if (basic !== undefined) {
      septets.push(basic);
      continue;
    }
    const escaped = GSM.extCharListEnc[char];
    if (escaped === undefined) nonGsm.add(char);
    else septets.push(0x1b, GSM.charListEnc[escaped]!);
  }
  if (nonGsm.size === 0) return { encoding: 'GSM-7', septets, text };
  const part = SEGMENT_LIMITS['UCS-2'].part;
  const ucs2: number[][] = [];
  const codeUnits = (s: string) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
  for (const { segment } of graphemes.segment(text)) {
    if (segment.length <= part) ucs2.push(codeUnits(segment));
    else for (const point of segment) ucs2.push(codeUnits(point));
  }
  return { encoding: 'UCS-2', items: ucs2, nonGsmCharacters: [...nonGsm], text };
}

/** Units cut into segments of at most `part`, never between an item's units (an escape and its character, a grapheme). */
function chunked(units: number, single: number, part: number, each: (take: (item: readonly number[] | number, width: number) => void) => void): number[][] {
  const chunks: number[][] = [];
  let chunk: number[] = [];
  each((item, width) => {
    if (units > single && chunk.length + width > part) {
      chunks.push(chunk);
      chunk = [];
    }
    if (typeof item === 'number') chunk.push(item);
    else for (const u of item) chunk.push(u);
  });
  chunks.push(chunk);
  return chunks;
}

function split(text: string): Split {
  const hit = cache.get(text);
  if (hit) return hit;
  const found = unitsOf(text);
  const { encoding } = found;
  const limits = SEGMENT_LIMITS[encoding];
  let units: number;
  let chunks: number[][];
  if (found.encoding === 'GSM-7') {
    const { septets } = found;
    units = septets.length;
    chunks = chunked(units, limits.single, limits.part, (take) => {
      for (let i = 0; i < septets.length; i++) {
        if (septets[i] === 0x1b) {
          take([0x1b, septets[i + 1]!], 2);
          i += 1;
        } else take(septets[i]!, 1);
      }
    });
  } else {
    const { items } = found;
    units = items.reduce((n, item) => n + item.length, 0);
    chunks = chunked(units, limits.single, limits.part, (take) => {
      for (const item of items) take(item, item.length);
    });
  }
  const single = chunks.length === 1 ? { encoding, dataCoding: DATA_CODING[encoding], parts: [octets(encoding, chunks[0]!)] } : null;
  const result: Split = { encoding, text: found.text, single, chunks, units, nonGsmCharacters: found.encoding === 'GSM-7' ? [] : found.nonGsmCharacters };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(text, result);
  return result;
}

/** How `text` would go out: its alphabet, its segments, and how much room the last one has left. Pure. */
export function smsSegments(text: string): SmsSegmentCount {
  const s = split(text);
  const last = s.chunks[s.chunks.length - 1]!;
  const room = s.chunks.length === 1 ? SEGMENT_LIMITS[s.encoding].single : SEGMENT_LIMITS[s.encoding].part;
  return { encoding: s.encoding, segments: s.chunks.length, units: s.units, charactersLeft: room - last.length, nonGsmCharacters: s.nonGsmCharacters };
}

export interface EncodedSms {
  encoding: SmsEncoding;
  dataCoding: number;
  /** Each segment's short_message octets, the concatenation header first when there are several (shared: do not change). */
  readonly parts: readonly Buffer[];
}

/** The user data header of part `seq` (from 1) of `total`, with an 8-bit reference (IEI 0x00). */
export function concatHeader(reference: number, total: number, seq: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, seq]);
}

/** The octets of each segment of `text`; several segments share `reference` (0-255) in their headers. Pure. */
export function encodeSms(text: string, reference: number): EncodedSms {
  const s = split(text);
  const total = s.chunks.length;
  if (total > MAX_SEGMENTS) throw new RangeError(`the text needs ${total} segments; SMS allows at most ${MAX_SEGMENTS}`);
  if (s.single) return s.single;
  const parts = s.chunks.map((chunk, i) => Buffer.concat([concatHeader(reference, total, i + 1), octets(s.encoding, chunk)]));
  return { encoding: s.encoding, dataCoding: DATA_CODING[s.encoding], parts };
}

function octets(encoding: SmsEncoding, chunk: number[]): Buffer {
  return encoding === 'GSM-7' ? Buffer.from(chunk) : utf16be(chunk);
}

function utf16be(units: number[]): Buffer {
  const buffer = Buffer.alloc(units.length * 2);
  units.forEach((u, i) => buffer.writeUInt16BE(u, i * 2));
  return buffer;
}
