import { markdownToText } from '../markdown';
import { textForReader } from '@/lib/domain/update-text';
import type { Translator } from '@/lib/i18n/t';
import type { Derived, DerivedIncident } from './derive';

// RFC 5545 calendar of scheduled maintenance, so operators can overlay it on their own calendars.

/**
 * RFC 5545 TEXT: backslash, semicolon and comma escaped; every line break (CRLF, CR, LF, and the
 * Unicode ones) becomes \\n; every other control character (C0 but tab, DEL, C1) is dropped.
 */
export const escapeText = (s: string): string =>
  s
    .replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
/** Values that are not TEXT (URLs, ids) may not carry a control character either. */
const noControls = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '');
const stamp = (iso: string): string => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Folds a content line at 75 octets, continuation lines starting with a space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/**
 * The model has no cancelled state: a maintenance closed (completed) before its scheduled start is
 * one that was cancelled, which is what the console's "Cancel maintenance" does (resolve-incident.ts).
 */
export function isCancelled(m: DerivedIncident): boolean {
  const closing = m.updates.findLast((u) => u.status === 'completed');
  return closing !== undefined && m.scheduledFor !== null && Date.parse(closing.displayAt) < Date.parse(m.scheduledFor);
}

/**
 * RFC 5545 SEQUENCE: the number of published updates after the first, so it grows with each
 * change posted and is the same on every rebuild. (A schedule edit without an update is not counted:
 * the public model does not carry the incident version.)
 */
export const sequenceOf = (m: DerivedIncident): number => Math.max(0, m.updates.length - 1);

/** The calendar as of the snapshot: DTSTAMP is when this file was made (`d.now`), not when the event last changed. */
export function maintenanceCalendar(d: Derived, tr: Translator, query = ''): string {
  const host = (() => {
    try {
      return new URL(d.model.page.url).host;
    } catch {
      return 'candor';
    }
  })();
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Candor//Status page//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(tr.t('ical.calendarName', { site: d.model.page.name }))}`];
  for (const m of d.incidents.filter((i) => i.isMaintenance && i.scheduledFor)) {
    const start = m.scheduledFor!;
    const end = m.scheduledUntil ?? new Date(Date.parse(start) + 3_600_000).toISOString();
    const latest = m.updates[m.updates.length - 1];
    lines.push(
      'BEGIN:VEVENT',
      `UID:${noControls(`${m.id}@${host}`)}`,
      `DTSTAMP:${stamp(d.now.toISOString())}`,
      `LAST-MODIFIED:${stamp(m.updatedAt)}`,
      `DTSTART:${stamp(start)}`,
      `DTEND:${stamp(end)}`,
      `SUMMARY:${escapeText(m.title)}`,
      `DESCRIPTION:${escapeText(latest ? markdownToText(textForReader(latest, null, tr.lang).text) : m.title)}`,
      `URL:${noControls(`${d.model.page.url}/incidents/${m.id}${query}`)}`,
      `SEQUENCE:${sequenceOf(m)}`,
      // A planned maintenance is definite once announced; Candor has no tentative state.
      `STATUS:${isCancelled(m) ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
