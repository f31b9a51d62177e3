import type { Indicator } from '@/lib/domain/status';
import { xml } from './feeds';

// A shields.io-style SVG badge: "status | All Systems Operational". Text widths are estimated
// from character counts (no font metrics on the server), generously, so text never overflows.

const COLOURS: Record<Indicator, string> = { none: '#137333', minor: '#8a5a00', major: '#b3261e', critical: '#7d0f0a' };
const width = (text: string) => Math.ceil(text.length * 6.6 + 12);

export function statusBadge(label: string, message: string, indicator: Indicator): string {
  const lw = width(label);
  const mw = width(message);
  const total = lw + mw;
  const title = `${label}: ${message}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="20" role="img" aria-label="${xml(title)}"><title>${xml(title)}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="${total}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${COLOURS[indicator]}"/><rect width="${total}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="${lw / 2}" y="14">${xml(label)}</text><text x="${lw + mw / 2}" y="14">${xml(message)}</text></g></svg>
`;
}
