import { describe, expect, it } from 'vitest';
import { displayName, neutraliseHeader } from '@/lib/mail/header';
import { escapeHtml } from '@/lib/domain/escape-html';
import { renderHtml, renderText } from '@/lib/mail/render';
import { previewProps, renderNotice } from '@/lib/mail/templates/notice';
import { personalise, substitute, unknownVariables } from '@/lib/mail/templates/variables';
import { backoffMs } from '@/lib/jobs/backoff';
import { TokenBucket } from '@/lib/jobs/rate-limit';
import { csvToSubscriberRows, parseCsvRecords } from '@/lib/server/subscribers/parse-csv';

const p = { timeZone: 'Australia/Sydney', locale: 'en-AU', manageUrl: 'https://s.example/manage/T', unsubscribeUrl: 'https://s.example/u/T' };

describe('headers', () => {
  it('neutralises CR, LF and other control characters', () => {
    expect(neutraliseHeader('Outage\r\nBcc: x@example.com')).toBe('Outage Bcc: x@example.com');
    expect(neutraliseHeader('a\u0000b\u2028c\td')).toBe('a b c d');
    expect(displayName('"Evil" \\ Name\n')).toBe('Evil Name');
  });
});

describe('templates', () => {
  it('renders HTML and text from the same blocks, in each carrier’s voice', () => {
    const tel = renderNotice(previewProps('data_loss', 'telstra'));
    const tm = renderNotice(previewProps('data_loss', 'tmobile'));
    expect(tel.subject).toBe('Important: your Hiptop data is likely lost');
    expect(tm.subject).toBe('Important: your Sidekick data is likely lost');
    for (const r of [tel, tm]) {
      expect(r.html).toContain('{{%unsubscribe_url%}}');
      expect(r.text).toContain('Unsubscribe: {{%unsubscribe_url%}}');
      expect(r.text).toContain('Customers affected:');
    }
    expect(tel.text).toContain('Telstra');
    expect(tel.html).not.toContain('Sidekick');
  });
  it('escapes staff text in HTML and keeps it literal in text', () => {
    const props = { ...previewProps('update'), copy: { subject: '<b>{{product}}</b>', body: 'Use <script>alert(1)</script> & {{carrier}}\n\n- one\n- two' } };
    const r = renderNotice(props);
    expect(r.html).not.toContain('<script>');
    expect(r.html).toContain('&lt;script&gt;');
    expect(r.html).toContain('<li>one</li>');
    expect(r.text).toContain('Use <script>alert(1)</script> & T-Mobile');
    expect(r.text).toContain('  * two');
  });
  it('cannot be tricked into per-subscriber markers by staff text', () => {
    expect(substitute('{{%manage_url%}} {{product}}', { product: 'Hiptop' })).toBe('{{ %manage_url%}} Hiptop');
    expect(unknownVariables('{{product}} {{prodcut}} {{ carrier }}')).toEqual(['prodcut']);
  });
  it('fills times in the reader’s zone and personal links at send time', () => {
    const out = personalise('At {{%time:2009-10-02T09:30:00.000Z%}} <a href="{{%manage_url%}}">', p, true);
    expect(out).toMatch(/^At Fri, 2 Oct 2009, 7:30\s?pm AEST <a href="https:\/\/s\.example\/manage\/T">$/);
    expect(personalise('{{%time:2009-10-02T09:30:00.000Z%}}', { ...p, timeZone: 'America/Los_Angeles', locale: 'en-US' }, false)).toMatch(/Oct 2, 2009, 2:30\s?AM PDT/);
  });
  it('renders a block document', () => {
    const doc = { preheader: 'x', brand: 'B', accentColor: 'red;background:url(x)', blocks: [{ type: 'button' as const, text: 'Go', url: 'javascript:alert(1)' }], footer: [] };
    expect(renderHtml(doc)).toContain('href="#"');
    expect(renderHtml(doc)).toContain('#1f4fd1');
    expect(renderText(doc)).toContain('Go:\njavascript:alert(1)');
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });
});

describe('retry policy', () => {
  it('backs off exponentially with jitter, capped', () => {
    const policy = { baseMs: 1000, maxMs: 10_000 };
    expect(backoffMs(1, policy, () => 0)).toBe(500);
    expect(backoffMs(1, policy, () => 1)).toBe(1000);
    expect(backoffMs(3, policy, () => 1)).toBe(4000);
    expect(backoffMs(20, policy, () => 1)).toBe(10_000);
  });
  it('limits rates with token buckets', () => {
    const b = new TokenBucket(2, 2, 0);
    expect([b.take(0), b.take(0)]).toEqual([0, 0]);
    expect(b.take(0)).toBe(500);
    expect(b.take(500)).toBe(0);
    expect(new TokenBucket(0).take(0)).toBe(0);
  });
});

describe('CSV', () => {
  it('reads quoted fields, commas and line breaks', () => {
    expect(parseCsvRecords('a,"b,c","d ""e"""\n"multi\nline",x,\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['multi\nline', 'x', ''],
    ]);
    const { rows } = csvToSubscriberRows('\uFEFFEmail,Regions,Notice kinds\nx@example.com,telstra-au tmobile-us,data_loss;recovery\n');
    expect(rows[0]).toEqual({ email: 'x@example.com', skip_confirmation: true, regions: ['telstra-au', 'tmobile-us'], notice_kinds: ['data_loss', 'recovery'] });
  });
});
