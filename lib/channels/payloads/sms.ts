import { DEFAULT_LANG, type Lang } from '@/lib/i18n/languages';
import { t } from '@/lib/i18n/t';
import type { ChannelNotice } from '../channel-notice';
import type { SmsKeyword } from '../sms/receipt';
import { MAX_NOTICE_SEGMENTS, smsSegments } from '../sms/encoding';

// A notice as a text message, in the carrier's voice: who speaks ("Telstra:"), the subject, the
// notice's words, the region's page and how to stop. The words are the template's key sentence,
// except in an update notice, whose template only introduces the update ("Here is the latest on
// ..."): its text passes on the update's own first paragraph, the news. It must fit in
// MAX_NOTICE_SEGMENTS: the words give way first (cut at a word, "..."), then the subject. Pure.

/** The last line of every text, in the notice's language (English: "Reply STOP to end"). */
export const smsStopLine = (lang: Lang = DEFAULT_LANG): string => t(lang, 'notice.smsStop');
export const SMS_STOP_LINE = smsStopLine();

const REPLY_KEY = { stop: 'sms.stopped', start: 'sms.started', help: 'sms.help' } as const satisfies Record<SmsKeyword, string>;

/** The answer to a phone's STOP, START or HELP (lib/server/subscriptions/answer-sms-reply.ts), in the reader's language; HELP names the carrier's support page when it has one. */
export const smsReplyText = (lang: Lang, keyword: SmsKeyword, values: { brand: string; url: string; support?: string | null }, locale?: string): string =>
  keyword === 'help' && values.support ? t(lang, 'sms.helpSupport', { brand: values.brand, url: values.url, support: values.support }, locale) : t(lang, REPLY_KEY[keyword], { brand: values.brand, url: values.url }, locale);

/** Markdown and list marks out, whitespace folded: an SMS is plain text. */
const plain = (s: string) =>
  s
    .replace(/^\s*[-*]\s+/gm, '')
    .replace(/[*_`#>]+/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();

/** The first sentence of the notice's first paragraph (the sentence that says what happened). */
export function keySentence(notice: Pick<ChannelNotice, 'paragraphs'>): string {
  const first = plain(notice.paragraphs.find((p) => plain(p).length > 0) ?? '');
  const end = /[.!?](\s|$)/.exec(first);
  return end ? first.slice(0, end.index + 1) : first;
}

/** An update's first paragraph as one line: Markdown out, a list's items joined with "; ". */
export function updateParagraph(markdown: string): string {
  const first = markdown.split(/\n\s*\n/).find((p) => plain(p).length > 0) ?? '';
  const lines = first.split('\n').filter((l) => l.trim().length > 0);
  if (lines.length > 1 && lines.every((l) => /^\s*[-*]\s+/.test(l))) return lines.map((l) => plain(l).replace(/[.;,]+$/, '')).join('; ');
  return plain(first);
}

/** What an SMS notice is built from. `kind` and `updateWords` are absent in notices stored before update texts carried the update. */
export type SmsNotice = Pick<ChannelNotice, 'region' | 'subject' | 'paragraphs' | 'lang'> & Partial<Pick<ChannelNotice, 'kind' | 'updateWords'>>;

/** A text's words after its subject, and whose they are: the update's (an update notice quoting one in the reader's language), else the template's key sentence. */
export function smsWords(notice: SmsNotice): { from: 'update' | 'template'; words: string } {
  const update = notice.kind === 'update' && notice.updateWords ? updateParagraph(notice.updateWords) : '';
  return update ? { from: 'update', words: update } : { from: 'template', words: keySentence(notice) };
}

const fits = (text: string) => smsSegments(text).segments <= MAX_NOTICE_SEGMENTS;

/** `text` cut at a word boundary to at most `max` characters, marked with "...". */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 3) return '';
  const cut = text.slice(0, max - 3);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}...`;
}

/** Longest prefix length n (by halving) for which build(n) still fits. */
function longestFitting(full: string, build: (s: string) => string): string {
  if (fits(build(full))) return build(full);
  let lo = 0;
  let hi = full.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(build(shorten(full, mid)))) lo = mid;
    else hi = mid - 1;
  }
  return build(shorten(full, lo));
}

/**
 * Fills a text's per-subscriber markers (times in the reader's zone, links). The words are chosen
 * on the text with its markers, before they are filled: a filled date ("Sa., 5. Dez.", "12:00 a.m.")
 * has full stops of its own that must not end the key sentence.
 */
export type SmsFill = (text: string) => string;

/** The SMS for a (notice, region), its markers filled by `fill` (or left as they are); always within MAX_NOTICE_SEGMENTS. */
export function smsNoticeText(notice: SmsNotice, fill: SmsFill = (text) => text): string {
  const { full, withSentence, speaker, subject, sentence, tail } = smsParts(notice, fill);
  if (fits(full)) return full;
  const noSentence = withSentence('');
  if (fits(noSentence)) return longestFitting(sentence, withSentence);
  return longestFitting(subject, (s) => `${speaker}: ${s}\n${tail}`);
}

/** The text before any cutting: what the template says in full, which the console measures. */
export function fullSmsNoticeText(notice: SmsNotice, fill: SmsFill = (text) => text): string {
  return smsParts(notice, fill).full;
}

function smsParts(notice: SmsNotice, fill: SmsFill) {
  const speaker = plain(notice.region.carrier) || plain(notice.region.name);
  const subject = fill(plain(notice.subject));
  const sentence = fill(smsWords(notice).words);
  const tail = fill(`${notice.region.url}\n${smsStopLine(notice.lang)}`);
  const withSentence = (s: string) => (s ? `${speaker}: ${subject}\n${s}\n${tail}` : `${speaker}: ${subject}\n${tail}`);
  return { full: withSentence(sentence), withSentence, speaker, subject, sentence, tail };
}

/** A text built with its per-subscriber markers, filled: kept when it still fits, else built again with the markers filled before it is cut. */
export function fitSms(filled: string, rebuild: () => string): string {
  return fits(filled) ? filled : rebuild();
}
