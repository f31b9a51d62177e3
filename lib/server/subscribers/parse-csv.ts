// CSV for the console's subscriber import: a header row naming columns (email, regions,
// components, time_zone, notice_kinds); lists inside a cell are separated by spaces, ; or |.

import limits from '../http/limits.json';

/** The one CSV size limit: the form says it, the browser and the import check it, next.config.js makes room for it. */
export const CSV_MAX_BYTES: number = limits.csvImportMaxBytes;
export const CSV_LIMIT_TEXT = `${CSV_MAX_BYTES / 1_000_000} MB`;

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => r.some((c) => c.trim() !== ''));
}

const list = (cell: string | undefined): string[] | 'all' | undefined => {
  const v = cell?.trim();
  if (!v) return undefined;
  if (v.toLowerCase() === 'all') return 'all';
  return v.split(/[\s;|]+/).filter(Boolean);
};

/** Rows as import objects (always skip_confirmation: the console imports opted-in lists only). */
export function csvToSubscriberRows(text: string): { rows: Record<string, unknown>[]; error?: string } {
  const records = parseCsvRecords(text.replace(/^\uFEFF/, ''));
  const header = records[0]?.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  if (!header || !header.includes('email')) return { rows: [], error: 'the first line must be a header naming at least the "email" column' };
  const col = (name: string) => header.indexOf(name);
  const rows = records.slice(1).map((r) => {
    const row: Record<string, unknown> = { email: r[col('email')] ?? '', skip_confirmation: true };
    const regions = col('regions') >= 0 ? list(r[col('regions')]) : undefined;
    const components = col('components') >= 0 ? list(r[col('components')]) : undefined;
    const kinds = col('notice_kinds') >= 0 ? list(r[col('notice_kinds')]) : undefined;
    const tz = col('time_zone') >= 0 ? r[col('time_zone')]?.trim() : undefined;
    if (regions) row.regions = regions;
    if (components) row.components = components;
    if (kinds && kinds !== 'all') row.notice_kinds = kinds;
    if (tz) row.time_zone = tz;
    return row;
  });
  return { rows };
}
