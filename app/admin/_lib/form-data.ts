// Reading console form posts. Inputs for impacts are named impacts[i][field].

import { wallTimeProblem, wallTimeToUtc } from '@/lib/domain/time';
import { AppError } from '@/lib/server/errors';

export function text(fd: FormData, name: string): string {
  const v = fd.get(name);
  return typeof v === 'string' ? v : '';
}

export function optionalText(fd: FormData, name: string): string | undefined {
  const v = text(fd, name).trim();
  return v === '' ? undefined : v;
}

export function checkbox(fd: FormData, name: string): boolean {
  const v = fd.get(name);
  return v === 'on' || v === 'true' || v === '1';
}

export function intOrUndefined(fd: FormData, name: string): number | string | undefined {
  const v = text(fd, name).trim();
  if (v === '') return undefined;
  return /^\d+$/.test(v) ? Number(v) : v;
}

/**
 * `field`, a datetime-local value, read on the wall clock of the zone in `zoneField` (UTC when the
 * form has none); ISO text with an offset is passed through. A time the zone skips, or an unknown
 * zone, is refused naming `field`.
 */
export function zonedDateTime(fd: FormData, field: string, zoneField: string): string | undefined {
  const wall = text(fd, field).trim();
  if (!wall) return undefined;
  if (/[zZ]|[+-]\d\d:\d\d$/.test(wall)) return wall;
  const zone = text(fd, zoneField).trim() || 'UTC';
  const r = wallTimeToUtc(wall, zone);
  if (!r.ok) throw new AppError('validation', `${field}: ${wallTimeProblem(wall, zone, r)}`, field);
  return r.at.toISOString();
}

/** A datetime-local value (no zone) read in the zone the form names; ISO text is passed through. */
export function dateTimeInZone(value: string, offsetMinutes: number): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (/[zZ]|[+-]\d\d:\d\d$/.test(v)) return v;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v);
  if (!m) return v;
  const utc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) + offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}

export interface ImpactField {
  component: string;
  region: string;
  status: string;
  data_state: string;
  affected_users: number | string;
  restored_users: number | string;
}

/** Cells whose status select is set; "not affected" (empty) cells are skipped. */
export function impactsFrom(fd: FormData): ImpactField[] {
  const rows = new Map<number, Record<string, string>>();
  for (const [key, value] of fd.entries()) {
    const m = /^impacts\[(\d{1,4})\]\[(\w+)\]$/.exec(key);
    if (!m || typeof value !== 'string') continue;
    const i = Number(m[1]);
    rows.set(i, { ...(rows.get(i) ?? {}), [m[2]!]: value });
  }
  const num = (v: string | undefined) => {
    const s = (v ?? '').trim().replace(/[, _]/g, '');
    if (s === '') return 0;
    return /^\d+$/.test(s) ? Number(s) : s;
  };
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => r)
    .filter((r) => (r.status ?? '') !== '')
    .map((r) => ({ component: r.component ?? '', region: r.region ?? '', status: r.status!, data_state: r.data_state || 'intact', affected_users: num(r.affected_users), restored_users: num(r.restored_users) }));
}

/** Per-region texts posted as bodies_by_region[<slug>]; empty ones are kept (they mean "use the main text"). */
export function bodiesByRegionFrom(fd: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of fd.entries()) {
    const m = /^bodies_by_region\[([a-z0-9-]{1,100})\]$/.exec(key);
    if (m && typeof value === 'string') out[m[1]!] = value;
  }
  return out;
}

/** Translations posted as translations[<field>][<lang>] (TranslationFields); empty ones are kept (they remove that translation). None posted: undefined. */
export function translationsFrom(fd: FormData): Record<string, Record<string, string>> | undefined {
  const out: Record<string, Record<string, string>> = {};
  for (const [key, value] of fd.entries()) {
    const m = /^translations\[(\w{1,40})\]\[([A-Za-z-]{1,35})\]$/.exec(key);
    if (m && typeof value === 'string') (out[m[1]!] ??= {})[m[2]!] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
