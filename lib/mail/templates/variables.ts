// Staff write {{variables}} in notice subjects and bodies. Region-level values are filled in when
// a notice is rendered for a region; per-subscriber values (times in the subscriber's time zone,
// manage and unsubscribe links) stay open as {{%...%}} markers until the message is sent.

export const NOTICE_VARIABLES = [
  'carrier',
  'product',
  'region',
  'services',
  'incident_title',
  'status_url',
  'started_at_local',
  'ends_at_local',
  'updated_at_local',
  'resolved_at_local',
  'affected_users',
  'restored_users',
  'data_state',
  'data_services',
  'support_contact',
  'manage_url',
  'unsubscribe_url',
] as const;
export type NoticeVariable = (typeof NOTICE_VARIABLES)[number];

/** Per-subscriber markers: a time (ISO instant) to show in the reader's zone, or a personal link. */
export const timeMarker = (at: Date) => `{{%time:${at.toISOString()}%}}`;
export const MANAGE_MARKER = '{{%manage_url%}}';
export const UNSUBSCRIBE_MARKER = '{{%unsubscribe_url%}}';

/** Staff text must not smuggle in per-subscriber markers. */
export function defuseMarkers(text: string): string {
  return text.replace(/\{\{%/g, '{{ %');
}

/** Replaces {{name}} with its value; unknown names are left as written so a typo stays visible. */
export function substitute(template: string, values: Partial<Record<NoticeVariable, string>>): string {
  return defuseMarkers(template).replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name as NoticeVariable];
    return value === undefined ? whole : value;
  });
}

/** Names used in a template that Candor does not know (shown to staff while composing). */
export function unknownVariables(template: string): string[] {
  const known = new Set<string>(NOTICE_VARIABLES);
  return [...new Set([...template.matchAll(/\{\{\s*([a-z_A-Z0-9]+)\s*\}\}/g)].map((m) => m[1]!))].filter((n) => !known.has(n));
}

export interface Personal {
  timeZone: string;
  locale: string;
  manageUrl: string;
  unsubscribeUrl: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone, timeZoneName: 'short' });
    } catch {
      f = new Intl.DateTimeFormat('en-US', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
    }
    if (formatters.size > 2000) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/** An instant as the reader sees it, e.g. "Sat, Oct 10, 2009, 3:05 PM AEDT". */
export function formatLocalTime(at: Date, timeZone: string, locale = 'en-US'): string {
  return formatter(locale, timeZone).format(at);
}

/** Fills the per-subscriber markers; `html` escapes what it inserts for HTML, 'json' for the inside of a JSON string. */
export function personalise(source: string, p: Personal, html: boolean | 'json'): string {
  const esc = (s: string) => (html === 'json' ? JSON.stringify(s).slice(1, -1) : html ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : s);
  return source.replace(/\{\{%(time:[0-9TZ:.+-]+|manage_url|unsubscribe_url)%\}\}/g, (_whole, what: string) => {
    if (what === 'manage_url') return esc(p.manageUrl);
    if (what === 'unsubscribe_url') return esc(p.unsubscribeUrl);
    const at = new Date(what.slice(5));
    return Number.isNaN(at.getTime()) ? '' : esc(formatLocalTime(at, p.timeZone, p.locale));
  });
}
