import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { importCsv } from '@/lib/server/subscribers/import-csv';
import { EACH_CARRIER_KEYWORD } from '@/lib/server/subscribers/parse-csv';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { createGermanRegion, createScenario } from './notify-fixtures';

// Issue 16: the CSV import can say "each carrier's own language" (the API's null) with a keyword in
// the locale column, while a blank cell and a missing column keep what is stored.

describe.each(DATABASE_KINDS)('the CSV locale column’s each-carrier keyword on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    await createScenario(t.handle.db);
    await createGermanRegion(t.handle.db);
  });
  afterAll(async () => t?.drop());

  const locales = async () => Object.fromEntries((await t.handle.db.subscriber.findMany({ where: { source: 'csv' }, select: { email: true, locale: true } })).map((s) => [s.email, s.locale]));
  const run = async (lines: string[]) => {
    const result = await importCsv({ actor: cliActor, csv: lines.join('\n') });
    expect(result.rejected, JSON.stringify(result.results)).toBe(0);
    return result;
  };

  it('sets each carrier’s own language with the keyword, never with a blank cell or a missing column', async () => {
    await run(['email,regions,locale', 'anna@example.de,tmobile-us tmobile-de,de-DE', 'paul@example.ca,rogers-ca,fr-CA']);
    expect(await locales()).toEqual({ 'anna@example.de': 'de-DE', 'paul@example.ca': 'fr-CA' });
    // A blank cell and a missing column say nothing: both keep the stored languages.
    await run(['email,regions,locale', 'anna@example.de,tmobile-us tmobile-de,', 'paul@example.ca,rogers-ca,""']);
    await run(['email,regions', 'anna@example.de,tmobile-us tmobile-de', 'paul@example.ca,rogers-ca']);
    expect(await locales()).toEqual({ 'anna@example.de': 'de-DE', 'paul@example.ca': 'fr-CA' });
    // The keyword clears Anna's; Paul's row in the same file, with a blank, keeps his.
    const cleared = await run(['email,regions,locale', `anna@example.de,tmobile-us tmobile-de,${EACH_CARRIER_KEYWORD}`, 'paul@example.ca,rogers-ca,']);
    expect(cleared).toMatchObject({ created: 0, updated: 2 });
    expect(await locales()).toEqual({ 'anna@example.de': '', 'paul@example.ca': 'fr-CA' });
    // One audited change of language, the keyword's: the blank and missing cells changed nothing.
    const anna = await t.handle.db.subscriber.findFirstOrThrow({ where: { email: 'anna@example.de' } });
    const audits = await t.handle.db.auditLog.findMany({ where: { action: 'subscriber.locale', objectId: anna.id } });
    expect(audits.map((a) => [JSON.parse(a.before!).locale, JSON.parse(a.after!).locale])).toEqual([['de-DE', '']]);
  });

  it('gives someone new of one carrier that carrier’s language for a blank, and each carrier’s own for the keyword', async () => {
    await run(['email;regions;locale', 'blank@example.de;tmobile-de;', `each@example.de;tmobile-de;${EACH_CARRIER_KEYWORD.toUpperCase()}`]);
    const stored = await locales();
    expect(stored['blank@example.de']).toBe('de-DE');
    expect(stored['each@example.de']).toBe('');
  });

  it('refuses a near miss of the keyword, naming its line and the column, and keeps the good rows', async () => {
    const result = await importCsv({ actor: cliActor, csv: ['email,locale', 'ok@example.com,en', `typo@example.com,${EACH_CARRIER_KEYWORD}s`].join('\n') });
    expect(result).toMatchObject({ created: 1, rejected: 1 });
    expect(result.results.find((r) => r.status === 'rejected')).toMatchObject({ line: 3, field: 'locale' });
    expect((await locales())['typo@example.com']).toBeUndefined();
  });
});
