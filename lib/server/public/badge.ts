import { makeBadge } from 'badge-maker';
import type { Indicator } from '@/lib/domain/status';

// A shields.io badge: "status | All Systems Operational", drawn by badge-maker (the library behind
// shields.io), which measures each label in Verdana 11px so text neither overflows nor leaves gaps.

const COLOURS: Record<Indicator, string> = { none: '#137333', minor: '#8a5a00', major: '#b3261e', critical: '#7d0f0a' };
// Characters XML 1.0 forbids; badge-maker escapes markup but would pass these through.
const xmlSafe = (s: string): string => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

export function statusBadge(label: string, message: string, indicator: Indicator): string {
  return `${makeBadge({ label: xmlSafe(label), message: xmlSafe(message), color: COLOURS[indicator], labelColor: '#555', style: 'flat' })}\n`;
}
