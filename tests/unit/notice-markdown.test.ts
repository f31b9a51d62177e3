import { describe, expect, it } from 'vitest';
import { previewProps, renderNotice } from '@/lib/mail/templates/notice';
import { personalise } from '@/lib/mail/templates/variables';

// An incident update is Markdown written by staff; a notice quotes the latest one. The HTML part
// shows it rendered (safely, by the site's renderer), the text part as readable plain text.

const UPDATE = [
  '**Contacts** are coming back for {{product}} customers. Details on [the status page](https://status.example.com/incidents/42), or write to <support@example.com>.',
  '',
  '- restored: *Calendar*',
  '- still missing: Photos, which takes longer than we hoped because every album is checked against the backup before it is shown again',
  '  1. albums first',
  '  2. then single photos',
  '',
  'Do not <script>alert("x")</script> and do not [click here](javascript:alert(1)) or [this](JaVaScRiPt:alert(document.cookie)).',
  '',
  'Next update by {{updated_at_local}}.',
].join('\n');

const reader = { timeZone: 'Australia/Sydney', locale: 'en-AU', manageUrl: 'https://s.example/manage/T', unsubscribeUrl: 'https://s.example/u/T' };
const rendered = () => renderNotice({ ...previewProps('update', 'telstra'), latestUpdate: UPDATE });
/** Every href in the message; the Latest update section of the text part. */
const hrefs = (html: string) => [...html.matchAll(/href\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!);
const section = (text: string) => text.slice(text.indexOf('Latest update:'), text.indexOf('Incident:'));

describe('the latest update quoted in a notice', () => {
  it('is rendered from Markdown in the HTML part: bold, links, lists; no script, no javascript: link', () => {
    const html = personalise(rendered().html, reader, true);
    expect(html).toContain('<strong>Contacts</strong> are coming back for Hiptop customers.');
    expect(html).toMatch(/<a style="[^"]*" href="https:\/\/status\.example\.com\/incidents\/42" rel="nofollow noopener noreferrer">the status page<\/a>/);
    expect(html).toContain('href="mailto:support@example.com"');
    expect(html).toContain('<li>restored: <em>Calendar</em></li>');
    expect(html).toMatch(/<ol[^>]*>\s*<li>albums first<\/li>\s*<li>then single photos<\/li>\s*<\/ol>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/javascript:/i);
    for (const href of hrefs(html)) expect(href).toMatch(/^(https?:|mailto:)/);
    expect(html).not.toContain('**');
    expect(html).not.toContain('](');
    // The per-reader time inside the Markdown is filled in at send time.
    expect(html).toMatch(/Next update by [A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} 2009/);
  });

  it('is readable plain text in the text part, never raw Markdown', () => {
    const text = section(personalise(rendered().text, reader, false));
    expect(text).toContain('Contacts are coming back for Hiptop customers.');
    expect(text).toMatch(/the status page\s+\(https:\/\/status\.example\.com\/incidents\/42\)/);
    expect(text).toContain('write to support@example.com.');
    expect(text).toContain('\n* restored: Calendar\n');
    // A long item wraps under its text; a nested list is numbered and indented.
    expect(text).toMatch(/\n\* still missing: Photos, [^\n]+\n {2}[a-z]/);
    expect(text).toContain('\n  1. albums first\n  2. then single photos\n');
    expect(text).toContain('do not click here or this.');
    expect(text).not.toMatch(/javascript:/i);
    for (const raw of ['**', '](', '- restored', '*Calendar*', '<support@']) expect(text).not.toContain(raw);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(text).toMatch(/Next update by [A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} 2009/);
    // No update, nothing quoted; a data-loss notice never quotes one.
    expect(renderNotice({ ...previewProps('update', 'telstra'), latestUpdate: null }).text).not.toContain('Latest update:');
    expect(renderNotice({ ...previewProps('data_loss', 'telstra'), latestUpdate: UPDATE }).text).not.toContain('Latest update:');
  });
});
