import { describe, expect, it } from 'vitest';
import { markdownToSafeText, markdownToText, renderMarkdown, stripTags } from '@/lib/server/markdown';

describe('update Markdown', () => {
  it('renders Markdown with safe, nofollow links', () => {
    expect(renderMarkdown('**Keep it on.** See [help](https://help.example.com).')).toBe(
      '<p><strong>Keep it on.</strong> See <a href="https://help.example.com" rel="nofollow noopener noreferrer">help</a>.</p>\n',
    );
    expect(renderMarkdown('https://status.example.com')).toContain('<a href="https://status.example.com" rel="nofollow noopener noreferrer">');
    expect(renderMarkdown('[mail](mailto:help@example.com) [rel](/history)')).toContain('href="mailto:help@example.com"');
  });

  it('never passes raw HTML or dangerous links', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
    for (const src of ['[x](javascript:alert(1))', '[x](vbscript:msgbox(1))', '[x](data:text/html,hi)', '[x](//evil.example.com)', '[x]( JAVASCRIPT:alert(1))']) {
      expect(renderMarkdown(src), src).not.toMatch(/<a /);
    }
    // Images are off: no request leaves for another host; the address stays a plain link.
    expect(renderMarkdown('![x](https://example.com/a.png)')).not.toContain('<img');
  });

  it('gives plain text, and text without anything shaped like a tag for JSON', () => {
    expect(markdownToText('**Bold** & <b>raw</b>\n\n- one\n- two')).toBe('Bold & <b>raw</b>\n\none\n\ntwo');
    expect(markdownToSafeText('Hello <img src=x onerror=alert(1)> there <script>x')).toBe('Hello  there x');
    expect(stripTags('a < b and c > d')).toBe('a < b and c > d');
    expect(stripTags('<scr<script>ipt>alert(1)')).not.toMatch(/<[a-z]/i);
  });
});
