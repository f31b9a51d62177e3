import type { Actor } from '../actor';
import { hasRole } from '../actor';
import { AppError, forbidden } from '../errors';
import { importSubscribers } from './import-subscribers';
import { CSV_LIMIT_TEXT, CSV_MAX_BYTES, csvToSubscriberRows } from './parse-csv';

/** The size check, in bytes as uploaded (not characters), with a message that names the limit. */
export function checkCsvSize(bytes: number): void {
  if (bytes > CSV_MAX_BYTES) throw new AppError('too_large', `The CSV is ${(bytes / 1_000_000).toFixed(1)} MB; the limit is ${CSV_LIMIT_TEXT} (${CSV_MAX_BYTES.toLocaleString('en-US')} bytes). Split it into smaller files.`, 'csv');
}

/** One row's result, with the line of the file it starts on. */
export type CsvRowResult = Awaited<ReturnType<typeof importSubscribers>>['results'][number] & { line: number };

/** The console's CSV import: a file or pasted text, at most CSV_MAX_BYTES, then importSubscribers. */
export async function importCsv({ actor, csv }: { actor: Actor; csv: string | Blob }) {
  if (!hasRole(actor, 'responder')) throw forbidden();
  checkCsvSize(typeof csv === 'string' ? Buffer.byteLength(csv) : csv.size);
  const text = typeof csv === 'string' ? csv : await csv.text();
  if (!text.trim()) throw new AppError('validation', 'Choose a CSV file or paste CSV text.', 'csv');
  const { rows, lines, error } = csvToSubscriberRows(text);
  if (error) throw new AppError('validation', error, 'csv');
  const result = await importSubscribers({ actor, rows, source: 'csv' });
  // `row` counts data rows; people fix a file by its line number, which blank lines and multi-line cells shift.
  const results = result.results.map((r): CsvRowResult => {
    const line = lines[r.row - 1]!;
    return { ...r, line, ...(r.error ? { error: `line ${line}: ${r.error}` } : {}) };
  });
  return { ...result, results };
}
