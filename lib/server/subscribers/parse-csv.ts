// CSV for the console's subscriber import: a header row naming columns (email, regions,
// components, time_zone, notice_kinds, locale); lists inside a cell are separated by spaces, ; or |.
// A blank cell (or a missing column) says nothing: the stored value, or the default for someone new.
// Parsing is csv-parse's (RFC 4180); this file adds Excel's habits and true line numbers.

import { CsvError, parse } from 'csv-parse/sync';
import limits from '../http/limits.json';

/** The one CSV size limit: the form says it, the browser and the import check it, next.config.js makes room for it. */
export const CSV_MAX_BYTES: number = limits.csvImportMaxBytes;
export const CSV_LIMIT_TEXT = `${CSV_MAX_BYTES / 1_000_000} MB`;

export interface CsvRecord {
  cells: string[];
  /** The line of the file the record starts on, counting from 1 (blank lines included). */
  line: number;
}
export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

const DELIMITERS = [',', ';', '\t'] as const;

/** Excel writes `;` (or tab) where the decimal mark is a comma: pick the one the header row uses most. */
export function detectDelimiter(text: string): string {
  const header = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const unquoted = header.replace(/"[^"]*"/g, '');
  const count = (d: string) => unquoted.split(d).length - 1;
  return DELIMITERS.reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

// csv-parse counts a CRLF inside a quoted field as two lines; one line break style fixes its count.
const normalise = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

// csv-parse's types do not model `info: true`, which wraps each record with where it ended.
function records(text: string, delimiter: string, to?: number): { record: string[]; info: { lines: number } }[] {
  return parse(text, { delimiter, skip_empty_lines: true, relax_column_count: true, info: true, ...(to ? { to } : {}) }) as unknown as { record: string[]; info: { lines: number } }[];
}

/** RFC 4180 records with the line each starts on; a syntax error names its line. */
export function parseCsv(input: string): CsvRecord[] {
  const text = normalise(input);
  const delimiter = detectDelimiter(text);
  try {
    // info.lines is where a record ends; it starts as many lines earlier as its cells hold breaks.
    return records(text, delimiter).map(({ record, info }) => ({ cells: record, line: info.lines - record.join('').split('\n').length + 1 })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const at = error as CsvError & { lines: number; records: number };
    if (error.code !== 'CSV_QUOTE_NOT_CLOSED') throw new CsvSyntaxError(at.lines, `${error.message.replace(/ at line \d+/, '')}`);
    // The quote opens on the first non-blank line after the last complete record.
    const done = at.records > 0 ? (records(text, delimiter, at.records).at(-1)?.info.lines ?? 0) : 0;
    const lines = text.split('\n');
    let open = done;
    while (open < lines.length - 1 && lines[open]!.trim() === '') open++;
    throw new CsvSyntaxError(open + 1, 'a quoted field starts here and is never closed (a missing " swallows the rest of the file)');
  }
}

/** The cells of each record (for callers that need no line numbers). */
export const parseCsvRecords = (text: string): string[][] => parseCsv(text).map((r) => r.cells);

const list = (cell: string | undefined): string[] | 'all' | undefined => {
  const v = cell?.trim();
  if (!v) return undefined;
  if (v.toLowerCase() === 'all') return 'all';
  return v.split(/[\s;|]+/).filter(Boolean);
};

/**
 * The `locale` cell that sets "each carrier's own language" (the API's null or ''), which a blank cell
 * cannot say: spreadsheets write blanks for "nothing to say", so a blank keeps what is stored.
 */
export const EACH_CARRIER_KEYWORD = 'each-carrier';
const EACH_CARRIER = /^each[\s_-]?carrier$/i;

/** Rows as import objects (always skip_confirmation: the console imports opted-in lists only), with the line each starts on. */
export function csvToSubscriberRows(text: string): { rows: Record<string, unknown>[]; lines: number[]; error?: string } {
  let parsed: CsvRecord[];
  try {
    parsed = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { rows: [], lines: [], error: error.message };
    throw error;
  }
  const header = parsed[0]?.cells.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  if (!header || !header.includes('email')) return { rows: [], lines: [], error: 'the first line must be a header naming at least the "email" column (separated by commas, or semicolons as Excel writes them)' };
  const col = (name: string) => header.indexOf(name);
  const body = parsed.slice(1);
  const rows = body.map(({ cells: r }) => {
    const row: Record<string, unknown> = { email: r[col('email')] ?? '', skip_confirmation: true };
    const regions = col('regions') >= 0 ? list(r[col('regions')]) : undefined;
    const components = col('components') >= 0 ? list(r[col('components')]) : undefined;
    const kinds = col('notice_kinds') >= 0 ? list(r[col('notice_kinds')]) : undefined;
    const tz = col('time_zone') >= 0 ? r[col('time_zone')]?.trim() : undefined;
    const locale = col('locale') >= 0 ? r[col('locale')]?.trim() : undefined;
    if (regions) row.regions = regions;
    if (components) row.components = components;
    if (kinds && kinds !== 'all') row.notice_kinds = kinds;
    if (tz) row.time_zone = tz;
    if (locale) row.locale = EACH_CARRIER.test(locale) ? null : locale;
    return row;
  });
  return { rows, lines: body.map((r) => r.line) };
}
