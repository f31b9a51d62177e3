import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { importCsv } from '@/lib/server/subscribers/import-csv';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';

const fixture = (name: string) => new Blob([readFileSync(path.resolve(__dirname, '../fixtures/csv', name))]);

describe.each(DATABASE_KINDS)('CSV import of Excel-style files on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
  });
  afterAll(async () => t?.drop());

  it('names the true line of each rejected row (blank lines and multi-line cells counted)', async () => {
    const result = await importCsv({ actor: cliActor, csv: fixture('excel-utf8.csv') });
    expect(result).toMatchObject({ created: 4, rejected: 2 });
    const rejected = result.results.filter((r) => r.status === 'rejected');
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [7, 'email'],
      [10, 'time_zone'],
    ]);
    expect(rejected[0]!.error).toMatch(/^line 7: email: /);
    expect(rejected[1]!.error).toMatch(/^line 10: time_zone: /);
    const stored = await t.handle.db.subscriber.findMany({ orderBy: { email: 'asc' }, select: { email: true, timeZone: true } });
    expect(stored).toEqual([
      { email: 'ann@example.com', timeZone: 'Europe/Berlin' },
      { email: 'bob@example.com', timeZone: 'UTC' },
      { email: 'dan@example.com', timeZone: 'Australia/Sydney' },
      { email: 'eve@example.com', timeZone: 'UTC' },
    ]);
  });

  it('imports a semicolon-separated file', async () => {
    const result = await importCsv({ actor: cliActor, csv: fixture('excel-semicolon.csv') });
    expect(result).toMatchObject({ created: 3, rejected: 1 });
    expect(result.results.find((r) => r.status === 'rejected')).toMatchObject({ line: 5, field: 'email', error: expect.stringMatching(/^line 5: email: /) });
    expect(await t.handle.db.subscriber.count({ where: { email: { in: ['fay@example.com', 'gus@example.com', 'hal@example.com'] } } })).toBe(3);
  });

  it('refuses a file with an unclosed quote, naming its line, and imports none of it', async () => {
    const before = await t.handle.db.subscriber.count();
    expect(before).toBeGreaterThan(0);
    await expect(importCsv({ actor: cliActor, csv: fixture('unclosed-quote.csv') })).rejects.toMatchObject({ code: 'validation', field: 'csv', message: expect.stringMatching(/^line 4: a quoted field starts here and is never closed/) });
    expect(await t.handle.db.subscriber.count({ where: { email: 'ivy@example.com' } })).toBe(0);
    expect(await t.handle.db.subscriber.count()).toBe(before);
  });
});
