import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvToSubscriberRows, EACH_CARRIER_KEYWORD, parseCsv } from '@/lib/server/subscribers/parse-csv';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../fixtures/csv', name), 'utf8');

describe('CSV import parsing (Excel-style files)', () => {
  it('gives each record the line it starts on, past blank lines and multi-line cells (BOM, CRLF)', () => {
    const text = fixture('excel-utf8.csv');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('\r\n');
    const records = parseCsv(text);
    expect(records.map((r) => [r.cells[0], r.line])).toEqual([
      ['Email', 1],
      ['ann@example.com', 2],
      ['bob@example.com', 4],
      ['not-an-address', 7],
      ['cat@example.com', 10],
      ['dan@example.com', 11],
      ['eve@example.com', 13],
    ]);
    expect(records[2]!.cells[4]).toBe('Moved from the old list,\nasked for "everything"\non the phone');
    const { rows, lines } = csvToSubscriberRows(text);
    expect(rows.map((r) => r.email)).toEqual(['ann@example.com', 'bob@example.com', 'not-an-address', 'cat@example.com', 'dan@example.com', 'eve@example.com']);
    expect(lines).toEqual([2, 4, 7, 10, 11, 13]);
    expect(rows[0]).toEqual({ email: 'ann@example.com', regions: 'all', components: 'all', time_zone: 'Europe/Berlin', skip_confirmation: true });
  });

  it('tells "each carrier’s own language" (the keyword) from a blank locale cell and a missing column', () => {
    const rows = csvToSubscriberRows(['email,locale', `a@example.com,${EACH_CARRIER_KEYWORD}`, 'b@example.com,Each Carrier', 'c@example.com,', 'd@example.com,"  "', 'e@example.com,de-DE'].join('\n')).rows;
    // The keyword is the API's null; a blank says nothing (no locale key at all); a language passes as written.
    expect(rows.map((r) => ('locale' in r ? r.locale : 'absent'))).toEqual([null, null, 'absent', 'absent', 'de-DE']);
    expect(csvToSubscriberRows('email\nf@example.com').rows[0]).not.toHaveProperty('locale');
    // Only the keyword: a word that merely contains it is passed on for the schema to refuse.
    expect(csvToSubscriberRows('email,locale\ng@example.com,each-carriers').rows[0]!.locale).toBe('each-carriers');
  });

  it('reads a semicolon-separated Excel file by detecting its delimiter', () => {
    const { rows, lines, error } = csvToSubscriberRows(fixture('excel-semicolon.csv'));
    expect(error).toBeUndefined();
    expect(rows.map((r) => [r.email, r.time_zone])).toEqual([
      ['fay@example.com', 'Europe/Paris'],
      ['gus@example.com', 'Europe/Madrid'],
      ['nobody-at-example.com', 'UTC'],
      ['hal@example.com', 'UTC'],
    ]);
    expect(lines).toEqual([2, 3, 5, 6]);
    // A comma file whose list cells use ";" keeps them as lists, not columns.
    expect(csvToSubscriberRows('email,regions\r\nx@example.com,telstra-au;tmobile-us\r\n').rows[0]!.regions).toEqual(['telstra-au', 'tmobile-us']);
  });

  it('refuses an unclosed quote with the line where it opens, instead of swallowing the rest', () => {
    const { rows, error } = csvToSubscriberRows(fixture('unclosed-quote.csv'));
    expect(rows).toEqual([]);
    expect(error).toMatch(/^line 4: a quoted field starts here and is never closed/);
    // The same quote at the end of a file with LF endings and no blank lines.
    expect(csvToSubscriberRows('email\nx@example.com\n"y@example.com\n').error).toMatch(/^line 3: /);
    // A stray quote inside a cell names its line too.
    expect(csvToSubscriberRows('email,note\r\n\r\nx@example.com,"a" b\r\n').error).toMatch(/^line 3: Invalid Closing Quote/);
  });
});
