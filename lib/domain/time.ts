// Times shown to readers: in a region's or the page's zone, with the UTC offset, and ISO 8601
// strings with an explicit offset for the v2 JSON (Statuspage writes e.g. 2009-10-10T09:00:00-07:00).

// Building an Intl.DateTimeFormat costs far more than using one; pages format thousands of times.
// Each use names its shape, so finding the formatter is one short string key (no options to serialize).
const SHAPES = {
  offset: { timeZoneName: 'longOffset' },
  dateTime: { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  utc: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  day: { day: 'numeric', month: 'short', year: 'numeric' },
  month: { month: 'long', year: 'numeric' },
  wallClock: { hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, shape: keyof typeof SHAPES): Intl.DateTimeFormat {
  const key = `${shape}|${locale}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...SHAPES[shape], timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** "+11:00" style offset of a zone at an instant. */
export function zoneOffset(date: Date, timeZone: string): string {
  const part = formatter('en-US', timeZone, 'offset').formatToParts(date).find((p) => p.type === 'timeZoneName');
  const raw = part?.value ?? 'GMT';
  if (raw === 'GMT' || raw === 'UTC') return '+00:00';
  const m = /([+-])(\d{1,2})(?::?(\d{2}))?/.exec(raw);
  if (!m) return '+00:00';
  return `${m[1]}${m[2]!.padStart(2, '0')}:${m[3] ?? '00'}`;
}

/** ISO 8601 local time in the zone with its offset, millisecond precision. */
export function isoInZone(date: Date, timeZone: string): string {
  const offset = zoneOffset(date, timeZone);
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number);
  const local = new Date(date.getTime() + sign * ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
  return `${local.toISOString().slice(0, 23)}${offset}`;
}

/** Zones found valid (a formatter per check costs more than the conversions that ask). */
const validZones = new Set<string>();
export function isValidTimeZone(timeZone: string): boolean {
  if (validZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return false;
  }
  if (validZones.size < 1_000) validZones.add(timeZone);
  return true;
}

/** "25 Nov 2026, 9:03 pm AEDT" in the reader's zone and locale. */
export function formatDateTime(date: Date, timeZone: string, locale = 'en-US'): string {
  return formatter(locale, timeZone, 'dateTime').format(date);
}

/** "25 Nov 2026, 10:03 UTC": the UTC alternative shown next to every local time. */
export function formatUtc(date: Date, locale = 'en-GB'): string {
  const d = formatter(locale, 'UTC', 'utc').format(date);
  return `${d} UTC`;
}

export function formatDay(date: Date, timeZone: string, locale = 'en-US'): string {
  return formatter(locale, timeZone, 'day').format(date);
}

/** "2026-11" month key of an instant in UTC (history pages are by UTC month). */
export function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function monthLabel(key: string, locale = 'en-US'): string {
  const [y, m] = key.split('-').map(Number);
  return formatter(locale, 'UTC', 'month').format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)));
}

export function shiftMonth(key: string, delta: number): string {
  const [y, m] = key.split('-').map(Number);
  const d = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1 + delta, 1));
  return monthKey(d);
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${days} d ${h} h` : `${days} d`;
}

const HTTP_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/**
 * Milliseconds of an HTTP-date (RFC 9110 section 5.6.7: IMF-fixdate, or the obsolete RFC 850 and
 * asctime forms), or null when the value is not one, so callers can ignore it as the RFC requires.
 * `now` places two-digit RFC 850 years.
 */
export function parseHttpDate(value: string, now: Date): number | null {
  const v = value.trim();
  let parts: [day: string, month: string, year: number, h: string, m: string, s: string] | null = null;
  let match = IMF_FIXDATE.exec(v);
  if (match) parts = [match[1]!, match[2]!, Number(match[3]), match[4]!, match[5]!, match[6]!];
  else if ((match = RFC850_DATE.exec(v))) {
    // Two-digit years more than 50 years ahead are in the past century (RFC 9110).
    const yy = Number(match[3]);
    const thisYear = now.getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + yy;
    if (year > thisYear + 50) year -= 100;
    parts = [match[1]!, match[2]!, year, match[4]!, match[5]!, match[6]!];
  } else if ((match = ASCTIME_DATE.exec(v))) parts = [match[2]!.trim(), match[1]!, Number(match[6]), match[3]!, match[4]!, match[5]!];
  if (!parts) return null;
  const [day, month, year, h, m, s] = parts;
  const mi = HTTP_MONTHS.indexOf(month);
  if (mi < 0) return null;
  const ms = Date.UTC(year, mi, Number(day), Number(h), Number(m), Number(s));
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(day) || Number(h) > 23 || Number(m) > 59 || Number(s) > 60) return null;
  return ms;
}

// Wall-clock times typed by staff (a datetime-local value, no zone) read in a chosen IANA zone.

/** Minutes the zone is ahead of UTC at an instant (+660 for Sydney in summer, -420 for Los Angeles in summer). */
export function zoneOffsetMinutes(at: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatter('en-US', timeZone, 'wallClock').formatToParts(new Date(at))) parts[p.type] = p.value;
  const year = Number(parts.year);
  const local = new Date(0);
  local.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  local.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  return Math.round((local.getTime() - Math.floor(at / 1000) * 1000) / 60_000);
}

export type WallTimeResult =
  | { ok: true; at: Date; /** The time happens twice (clocks go back); `at` is the first, as in Temporal's "compatible". */ ambiguous: boolean }
  | { ok: false; reason: 'format' | 'zone' }
  /** The time does not exist (clocks go forward over it) by `gapMinutes`. */
  | { ok: false; reason: 'gap'; gapMinutes: number };

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "2026-03-08T02:30" read as wall-clock time in `timeZone`. A time skipped by a DST change is
 * refused rather than moved; a repeated one is the earlier instant. The offsets a day either side
 * cover every transition: no zone changes its offset twice within two days.
 */
export function wallTimeToUtc(wall: string, timeZone: string): WallTimeResult {
  const m = WALL.exec(wall.trim());
  if (!m) return { ok: false, reason: 'format' };
  if (!isValidTimeZone(timeZone)) return { ok: false, reason: 'zone' };
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(year, month - 1, day);
  asUtc.setUTCHours(hour, minute, second, 0);
  if (asUtc.getUTCFullYear() !== year || asUtc.getUTCMonth() !== month - 1 || asUtc.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return { ok: false, reason: 'format' };
  const wallMs = asUtc.getTime();
  const offsets = new Set([-86_400_000, 0, 86_400_000].map((d) => zoneOffsetMinutes(wallMs + d, timeZone)));
  const instants = [...offsets]
    .map((o) => wallMs - o * 60_000)
    .filter((t) => zoneOffsetMinutes(t, timeZone) * 60_000 === wallMs - t)
    .sort((a, b) => a - b);
  const first = instants[0];
  if (first === undefined) {
    const gapMinutes = zoneOffsetMinutes(wallMs + 86_400_000, timeZone) - zoneOffsetMinutes(wallMs - 86_400_000, timeZone);
    return { ok: false, reason: 'gap', gapMinutes };
  }
  return { ok: true, at: new Date(first), ambiguous: new Set(instants).size > 1 };
}

function describeGap(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minutes`;
}

/** Why a typed wall time could not be read in `timeZone`, in words for the person who typed it. */
export function wallTimeProblem(wall: string, timeZone: string, r: Exclude<WallTimeResult, { ok: true }>): string {
  if (r.reason === 'gap') {
    const [date, time] = wall.trim().split('T');
    return `${time} on ${date} does not exist in ${timeZone}: the clocks go forward ${describeGap(r.gapMinutes)} then. Choose a time outside the gap.`;
  }
  if (r.reason === 'zone') return 'not a time zone Candor knows (use an IANA name such as Australia/Sydney)';
  return 'a date and time like 2026-12-01T02:00';
}

/** An instant as a datetime-local value ("2026-11-25T20:03") on the wall clock of `timeZone`. */
export function utcToWallTime(at: Date, timeZone: string): string {
  const local = new Date(Math.floor(at.getTime() / 60_000) * 60_000 + zoneOffsetMinutes(at.getTime(), timeZone) * 60_000);
  const year = String(local.getUTCFullYear()).padStart(4, '0');
  return `${year}-${local.toISOString().slice(5, 16)}`;
}
