import { makeBadge } from 'badge-maker';
import { describe, expect, it } from 'vitest';
import { statusBadge } from '@/lib/server/public/badge';

const widthOf = (svg: string) => Number(/^<svg[^>]* width="([\d.]+)"/.exec(svg)?.[1]);
/** The widths of the two coloured boxes, label then message. */
const boxes = (svg: string) => [...svg.matchAll(/<rect (?:x="[\d.]+" )?width="([\d.]+)" height="20" fill="#(?!fff)/g)].map((m) => Number(m[1]));

describe('the status badge', () => {
  it('measures text: narrow letters make a narrower badge than wide ones of the same count', () => {
    const narrow = statusBadge('iiii', 'iiii', 'none');
    const wide = statusBadge('WWWW', 'WWWW', 'none');
    expect(widthOf(narrow)).toBeGreaterThan(0);
    expect(widthOf(wide) - widthOf(narrow)).toBeGreaterThan(30);
    const [narrowLabel] = boxes(narrow);
    const [wideLabel] = boxes(wide);
    expect(wideLabel! - narrowLabel!).toBeGreaterThan(15);
  });

  it('draws the same boxes as badge-maker for labels of mixed widths, with markup and control characters kept out', () => {
    for (const [label, message] of [
      ['status', 'all systems operational'],
      ['Telstra Australia (Hiptop)', 'partial system outage'],
      ['WWWWWWWW', 'iiiiiiiiiiiiiiii'],
    ] as const) {
      const ours = statusBadge(label, message, 'minor');
      const theirs = makeBadge({ label, message, color: '#8a5a00', labelColor: '#555', style: 'flat' });
      expect(widthOf(ours)).toBe(widthOf(theirs));
      expect(boxes(ours)).toEqual(boxes(theirs));
      expect(boxes(ours)).toHaveLength(2);
      expect(ours).toContain(`<title>${label}: ${message}</title>`);
    }
    // Markup is escaped and characters XML forbids are dropped (badge-maker keeps the latter).
    const svg = statusBadge('<b>"x"</b>\u0007', 'ok & fine', 'critical');
    expect(svg).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    expect(svg).toContain('ok &amp; fine');
    expect(svg).not.toMatch(/[\u0000-\u0008]/);
    expect(svg).toContain('fill="#7d0f0a"');
  });
});
