import { describe, expect, it } from 'vitest';
import { keySentence, SMS_STOP_LINE, smsNoticeText, smsWords, updateParagraph } from '@/lib/channels/payloads/sms';
import { MAX_NOTICE_SEGMENTS, smsSegments } from '@/lib/channels/sms/encoding';

const region = { slug: 'telstra-au', name: 'Australia', carrier: 'Telstra', product: 'Hiptop', url: 'https://status.example.com/r/telstra-au' };
const notice = (subject: string, paragraphs: string[]) => ({ region, subject, paragraphs });

describe('the SMS text of a notice', () => {
  it('speaks as the carrier: subject, key sentence, region page, STOP line', () => {
    const text = smsNoticeText(notice('Hiptop contacts were lost', ['Some **Hiptop** contacts stored before 09:00 were lost. We are restoring them from backups.', 'Second paragraph.']));
    expect(text).toBe(`Telstra: Hiptop contacts were lost\nSome Hiptop contacts stored before 09:00 were lost.\n${region.url}\n${SMS_STOP_LINE}`);
    expect(smsSegments(text).segments).toBe(1);
  });

  it('takes the first sentence only, without list marks', () => {
    expect(keySentence({ paragraphs: ['', '- Contacts: lost. Calendar: fine.'] })).toBe('Contacts: lost.');
  });

  it.each([
    ['a long key sentence (GSM-7)', 'Data loss', ['word '.repeat(200)]],
    ['a long key sentence (UCS-2)', 'Потеря данных', ['данные '.repeat(100)]],
    ['a very long subject', 'S'.repeat(600), ['A sentence.']],
  ])('%s is cut to fit in two segments and still ends with the STOP line', (_name, subject, paragraphs) => {
    const text = smsNoticeText(notice(subject, paragraphs));
    expect(smsSegments(text).segments).toBeLessThanOrEqual(MAX_NOTICE_SEGMENTS);
    expect(text.startsWith('Telstra: ')).toBe(true);
    expect(text).toContain(region.url);
    expect(text.endsWith(SMS_STOP_LINE)).toBe(true);
    expect(text).toContain('...');
  });

  it("an update notice texts the update's first paragraph; other kinds, and notices stored before, the template's key sentence", () => {
    const template = ['Here is the latest on the problem affecting Contacts. More below.'];
    const update = { ...notice('Update on the outage (Hiptop)', template), kind: 'update', updateWords: '**Contacts** are back for 60% of customers. Photos: still at risk.\n\nNext update at 18:00.' };
    expect(smsNoticeText(update)).toBe(`Telstra: Update on the outage (Hiptop)\nContacts are back for 60% of customers. Photos: still at risk.\n${region.url}\n${SMS_STOP_LINE}`);
    expect(smsWords({ ...update, kind: 'recovery' }).from).toBe('template');
    expect(smsNoticeText({ ...update, kind: 'recovery' })).toContain('\nHere is the latest on the problem affecting Contacts.\n');
    expect(smsWords(notice('Update', template)).from).toBe('template');
    expect(smsWords({ ...update, updateWords: '  \n\n ' }).from).toBe('template');
  });

  it("a listed update is texted as one line; a long one is cut to fit like a template's sentence", () => {
    expect(updateParagraph('- Contacts: back.\n- Photos: at risk\n\nMore.')).toBe('Contacts: back; Photos: at risk');
    expect(updateParagraph('[Status](https://x.test) is *green*\nagain.')).toBe('Status is green again.');
    const text = smsNoticeText({ ...notice('Update', []), kind: 'update', updateWords: 'word '.repeat(200) });
    expect(smsSegments(text).segments).toBeLessThanOrEqual(MAX_NOTICE_SEGMENTS);
    expect(text).toContain('word word...');
    expect(text.endsWith(SMS_STOP_LINE)).toBe(true);
  });

  it('a cut sentence fills the room it has (one more word would not fit)', () => {
    const text = smsNoticeText(notice('Data loss', ['word '.repeat(200)]));
    const longer = text.replace('...', ' word...');
    expect(smsSegments(longer).segments).toBeGreaterThan(MAX_NOTICE_SEGMENTS);
  });
});
