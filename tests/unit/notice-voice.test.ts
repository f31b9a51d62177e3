import { describe, expect, it } from 'vitest';
import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { DATA_STATE_LABEL, DATA_STATE_WORDS } from '@/lib/domain/data-state';
import { DATA_STATES } from '@/lib/domain/status';
import { previewProps, renderNotice } from '@/lib/mail/templates/notice';
import { NOTICE_KINDS, branchesOnData, defaultNoticeCopy, defaultVariants } from '@/lib/mail/templates/notice-defaults';
import { pickCopy } from '@/lib/mail/templates/pick-copy';

// Each default notice says what happened to the reader's data in the vocabulary's words, in the
// subject, in its own text and in the "Your data" lines, in both the HTML and the text part.

const DATA_KINDS: NoticeKind[] = ['apology', 'data_loss', 'recovery', 'resolved'];
/** Text as a reader reads it, whatever the line wrapping. */
const flat = (text: string) => text.replace(/\s+/g, ' ');
/** The notice's own text: between the heading and the "Your data" lines. */
const ownText = (text: string) => text.slice(text.indexOf('===='), text.indexOf('\nYour data\n')).replace(/\s+/g, ' ');

describe.each(DATA_KINDS)('the default %s notice', (kind) => {
  it.each(DATA_STATES)('says "%s" data in its subject, its text and under "Your data", in HTML and text', (state) => {
    const words = DATA_STATE_WORDS[state];
    const r = renderNotice(previewProps(kind, 'telstra', state));
    expect(r.subject).toContain(words);
    expect(ownText(r.text)).toContain(words);
    expect(r.text).toContain(`Your data\n---------\nContacts: ${words};`);
    expect(r.html).toContain('>Your data</h2>');
    expect(r.html).toContain(`${words};`);
    expect(r.html).toContain(r.subject.replace(/&/g, '&amp;'));
    expect(r.text).not.toMatch(/Sidekick|T-Mobile/);
  });

  it('never thanks anyone whose data is likely lost for their patience', () => {
    const r = renderNotice(previewProps(kind, 'tmobile', 'lost'));
    expect(r.text).not.toMatch(/patience/i);
    expect(r.html).not.toMatch(/patience/i);
  });
});

describe('default notice texts', () => {
  it('thank for patience only where nothing was taken for good (positive control for the check above)', () => {
    for (const state of ['intact', 'restored'] as const) {
      const r = renderNotice(previewProps('resolved', 'tmobile', state));
      expect(r.text).toContain('Thank you for your patience.');
      expect(r.html).toContain('Thank you for your patience.');
    }
    for (const state of ['at_risk', 'lost', 'recovering'] as const) expect(renderNotice(previewProps('resolved', 'tmobile', state)).text).not.toMatch(/patience/i);
  });

  it('say plainly that lost data is likely lost, and acknowledge the loss when resolved', () => {
    expect(flat(renderNotice(previewProps('apology', 'tmobile', 'lost')).text)).toContain('Your Contacts, Calendar and Photos data is likely lost, and we do not expect to get it back.');
    const resolved = renderNotice(previewProps('resolved', 'tmobile', 'lost'));
    expect(resolved.subject).toBe('Resolved: Service outage affecting personal data, but your Sidekick data is likely lost');
    expect(flat(resolved.text)).toContain('we lost something that was yours');
  });

  it('never use another strength for the same fact', () => {
    for (const kind of NOTICE_KINDS) for (const v of defaultVariants(kind)) expect(`${v.copy.subject}\n${v.copy.body}`).not.toMatch(/may have been lost|permanently|data lost/i);
  });

  it('say what was restored in a recovery notice, and give no counts for untouched data', () => {
    const props = previewProps('recovery', 'tmobile', 'recovering');
    const mixed = renderNotice({
      ...props,
      services: ['Contacts'],
      data: [
        { service: 'Contacts', dataState: 'recovering', affectedUsers: 250_000, restoredUsers: 90_000 },
        { service: 'Calendar', dataState: 'intact', affectedUsers: 40_000, restoredUsers: 0 },
      ],
    });
    expect(flat(mixed.text)).toContain('Good news: Contacts data for Sidekick customers on T-Mobile is being recovered');
    expect(mixed.text).toContain('Contacts: being recovered; about 90,000 of 250,000 affected customers restored.');
    expect(mixed.text).toContain('Calendar: intact; nothing stored was lost.');
    expect(mixed.text).not.toMatch(/of 40,000/);
    expect(mixed.html).toContain('about 90,000 of 250,000 affected customers restored');
    expect(mixed.html).not.toMatch(/of 40,000/);
  });

  it('name, in a mixed region, only the services in the state the notice leads with', () => {
    const props = previewProps('apology', 'telstra', 'lost');
    const r = renderNotice({
      ...props,
      data: [
        { service: 'Contacts', dataState: 'lost', affectedUsers: 12_000, restoredUsers: 0 },
        { service: 'Calendar', dataState: 'recovering', affectedUsers: 12_000, restoredUsers: 4_000 },
        { service: 'Photos', dataState: 'at_risk', affectedUsers: 3_000, restoredUsers: 0 },
      ],
    });
    expect(flat(r.text)).toContain('Your Contacts data is likely lost');
    expect(r.text).toContain('Calendar: being recovered; about 4,000 of 12,000 affected customers restored.');
    expect(r.text).toContain('Photos:   at risk; nothing is lost yet, but we cannot yet promise it is safe.');
  });
});

describe('which text a notice uses', () => {
  const templates = [
    { regionSlug: null, lang: 'en', subject: 'All: {{product}}', body: 'For everyone.' },
    { regionSlug: 'telstra-au', lang: 'en', subject: 'Telstra: {{product}}', body: 'For Telstra.' },
    { regionSlug: 'telstra-au', lang: 'de-DE', subject: 'Telstra: {{product}} auf Deutsch', body: 'Für Telstra.' },
  ];
  it('a region’s template, then the one for all carriers, then the default for the data state', () => {
    expect(pickCopy({ kind: 'apology', regionSlug: 'telstra-au', dataState: 'lost', templates }).source).toEqual({ scope: 'region', label: 'the template for telstra-au' });
    expect(pickCopy({ kind: 'apology', regionSlug: 'tmobile-us', dataState: 'lost', templates }).source).toEqual({ scope: 'all', label: 'the template for all carriers' });
    const fallback = pickCopy({ kind: 'apology', regionSlug: 'tmobile-us', dataState: 'lost', templates: [] });
    expect(fallback.source).toEqual({ scope: 'default', label: `Candor's default (${DATA_STATE_LABEL.lost})` });
    expect(fallback.copy).toEqual(defaultNoticeCopy('apology', 'lost'));
    expect(pickCopy({ kind: 'update', regionSlug: 'tmobile-us', dataState: 'lost', templates: [] }).source.label).toBe("Candor's default");
    expect(branchesOnData('update')).toBe(false);
  });
  it('a template is given only to readers of its language; the others get the default in theirs', () => {
    const de = pickCopy({ kind: 'apology', regionSlug: 'telstra-au', dataState: 'lost', templates, lang: 'de-DE' });
    expect(de.copy).toEqual({ subject: 'Telstra: {{product}} auf Deutsch', body: 'Für Telstra.' });
    expect(de.source).toEqual({ scope: 'region', label: 'the template for telstra-au (Deutsch)' });
    // No French template anywhere, not even for all carriers: Candor's French default, never the English template.
    const fr = pickCopy({ kind: 'apology', regionSlug: 'telstra-au', dataState: 'lost', templates, lang: 'fr-CA' });
    expect(fr.copy).toEqual(defaultNoticeCopy('apology', 'lost', 'fr-CA'));
    expect(fr.source.scope).toBe('default');
    // German readers elsewhere: no German template for all carriers, so the German default.
    expect(pickCopy({ kind: 'apology', regionSlug: 'tmobile-us', dataState: 'lost', templates, lang: 'de-DE' }).copy).toEqual(defaultNoticeCopy('apology', 'lost', 'de-DE'));
  });
  it('a draft, and the notice’s own text, say so', () => {
    const draft = [{ regionSlug: 'telstra-au', lang: 'en', subject: 'Draft', body: 'Draft body', draft: true }];
    expect(pickCopy({ kind: 'resolved', regionSlug: 'telstra-au', dataState: 'lost', templates: draft }).source.label).toBe('your draft of the template for telstra-au');
    const partial = pickCopy({ kind: 'resolved', regionSlug: 'telstra-au', dataState: 'lost', templates, subject: 'Written now' });
    expect(partial.copy).toEqual({ subject: 'Written now', body: 'For Telstra.' });
    expect(partial.source).toEqual({ scope: 'override', label: 'text written for this notice; the rest from the template for telstra-au' });
  });
});
