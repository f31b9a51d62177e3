import { describe, expect, it } from 'vitest';
import { smsReplyText, smsStopLine } from '@/lib/channels/payloads/sms';
import { SMS_KEYWORDS, type SmsKeyword } from '@/lib/channels/sms/receipt';
import { smsSegments } from '@/lib/channels/sms/encoding';
import { LANGUAGES } from '@/lib/i18n/languages';
import { t } from '@/lib/i18n/t';

// The answers to a phone's STOP, START and HELP, in every language Candor speaks: each names the
// brand, says the way back (or out), and stays short enough to cost one or two segments.

const KEYWORDS = Object.keys(SMS_KEYWORDS) as SmsKeyword[];
const values = { brand: 'Danger Cloud Services', url: 'https://status.danger-cloud.example' };

describe.each(LANGUAGES)('SMS replies in %s', (lang) => {
  it.each(KEYWORDS)('%s: the brand, the keyword that undoes or ends it, at most two segments', (keyword) => {
    const text = smsReplyText(lang, keyword, values);
    expect(text).toContain(values.brand);
    expect(text).toContain(keyword === 'stop' ? 'START' : 'STOP');
    if (keyword === 'help') expect(text).toContain(values.url);
    expect(text).not.toMatch(/[{}]/);
    expect(smsSegments(text).segments).toBeLessThanOrEqual(2);
  });
  it('the fixed wording of every text Candor sends is GSM-7 (one character outside it turns a whole text into UCS-2, 70 to a segment)', () => {
    const texts = [smsStopLine(lang), ...KEYWORDS.map((k) => smsReplyText(lang, k, values)), t(lang, 'sms.code', { code: '123456', brand: values.brand, minutes: 10 }), t(lang, 'sms.alreadySubscribed', { brand: values.brand, url: values.url })];
    for (const text of texts) expect([text, smsSegments(text).encoding]).toEqual([text, 'GSM-7']);
  });
  it('HELP names the carrier\'s support page when there is one, still within two segments', () => {
    const text = smsReplyText(lang, 'help', { ...values, support: 'https://support.example.com/telstra' });
    expect(text).toContain('https://support.example.com/telstra');
    expect(text).toContain(values.url);
    expect(text).toContain('STOP');
    expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(smsReplyText(lang, 'help', { ...values, support: null })).toBe(smsReplyText(lang, 'help', values));
  });
  it('the three answers differ', () => {
    expect(new Set(KEYWORDS.map((k) => smsReplyText(lang, k, values))).size).toBe(KEYWORDS.length);
  });
});
