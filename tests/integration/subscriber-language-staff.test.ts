import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as subscribersRoute from '@/app/api/v1/subscribers/route';
import * as subscriberRoute from '@/app/api/v1/subscribers/[id]/route';
import { LANGUAGES } from '@/lib/i18n/languages';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { cliActor, type Actor } from '@/lib/server/actor';
import { createNotice } from '@/lib/server/notices/create-notice';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { importCsv } from '@/lib/server/subscribers/import-csv';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { fixedNoticeWords } from '@/tests/helpers/notice-words';
import { createGermanRegion, createScenario, parse, waitFor, type Scenario } from './notify-fixtures';

// Issue 16 on the staff side: a subscriber's language through /api/v1 and the CSV import (checked
// like the public form's, '' or null meaning each carrier's own), audited when staff change it;
// and a subscriber of several carriers who chose no language reads each carrier's notice in its language.

const BASE = 'http://127.0.0.1:3170';
const call = (method: string, path: string, token: string, body?: unknown) =>
  new Request(`${BASE}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe.each(DATABASE_KINDS)('a subscriber’s language on the staff side on %s', (kind) => {
  let t: TestDatabase;
  let s: Scenario;
  let sink: Sink;
  let worker: RunningWorker;
  let responder: string;
  let viewer: string;
  let alice: Actor;
  let germany: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 200 });
    installTransport(sink.url);
    s = await createScenario(t.handle.db);
    germany = await createGermanRegion(t.handle.db);
    responder = (await createApiToken({ actor: cliActor, input: { name: 'ci', role: 'responder' } })).token;
    viewer = (await createApiToken({ actor: cliActor, input: { name: 'ro', role: 'viewer' } })).token;
    const a = await t.handle.db.user.create({ data: { email: 'alice@candor.test', name: 'Alice', role: 'responder', passwordHash: 'x' } });
    alice = { type: 'user', userId: a.id, label: 'Alice', role: 'responder' };
    worker = await startWorker({ pollMs: 100, domainRate: 0 });
  });
  afterAll(async () => {
    await worker?.stop();
    await closeTransport();
    await sink?.stop();
    await t?.drop();
  });

  const post = async (rows: unknown) => {
    const res = await subscribersRoute.POST(call('POST', '/api/v1/subscribers', responder, rows));
    return { status: res.status, body: (await res.json()) as { created: number; updated: number; rejected: number; results: { id?: string; status: string; field?: string; error?: string }[] } };
  };
  const get = async (id: string) => (await (await subscriberRoute.GET(call('GET', `/api/v1/subscribers/${id}`, viewer), { params: Promise.resolve({ id }) })).json()) as { locale: string | null };
  const localeAudits = (id: string) => t.handle.db.auditLog.findMany({ where: { action: 'subscriber.locale', objectId: id }, orderBy: { id: 'asc' } });

  it('creates, shows, changes and lists a language through /api/v1, audited with each change and only then', async () => {
    const row = { email: 'ami@example.ca', skip_confirmation: true, regions: ['rogers-ca'] };
    const created = await post({ ...row, locale: 'fr' });
    expect(created.status).toBe(201);
    const id = created.body.results[0]!.id!;
    expect(await get(id)).toMatchObject({ locale: 'fr-CA' });

    const changed = await post({ ...row, locale: 'de-de' });
    expect(changed.body).toMatchObject({ updated: 1, rejected: 0 });
    expect(await get(id)).toMatchObject({ locale: 'de-DE' });
    const audits = await localeAudits(id);
    expect(audits.map((a) => [JSON.parse(a.before!), JSON.parse(a.after!)])).toEqual([[{ locale: 'fr-CA' }, { locale: 'de-DE', source: 'api' }]]);
    // The same request again changes nothing and records nothing; a row without a language keeps it.
    await post({ ...row, locale: 'de-DE' });
    await post(row);
    expect(await get(id)).toMatchObject({ locale: 'de-DE' });
    expect(await localeAudits(id)).toHaveLength(1);
    // null (or ''): each carrier's own language, shown as null.
    await post({ ...row, locale: null });
    expect(await get(id)).toMatchObject({ locale: null });
    expect((await t.handle.db.subscriber.findUniqueOrThrow({ where: { id } })).locale).toBe('');
    expect(await localeAudits(id)).toHaveLength(2);

    const list = (await (await subscribersRoute.GET(call('GET', '/api/v1/subscribers?q=ami%40', viewer))).json()) as { subscribers: { id: string; locale: string | null }[] };
    expect(list.subscribers).toEqual([expect.objectContaining({ id, locale: null })]);
  });

  it('refuses a language Candor does not write in, naming the field, and stores nothing for that row', async () => {
    for (const locale of ['tlh', 'ja-JP', '<b>fr</b>', 7]) {
      const email = `refused-${String(locale).replace(/\W/g, '')}@example.com`;
      const res = await post({ email, skip_confirmation: true, locale });
      expect(res.status, String(locale)).toBe(422);
      expect(res.body.results[0], String(locale)).toMatchObject({ status: 'rejected', field: 'locale', error: expect.stringMatching(/^locale: /) });
      expect(await t.handle.db.subscriber.count({ where: { email } })).toBe(0);
    }
    expect((await post({ email: 'refused-tlh@example.com', skip_confirmation: true, locale: 'tlh' })).body.results[0]!.error).toContain(LANGUAGES.join(', '));
    // The positive control: the same row with a language Candor writes in is imported.
    const ok = await post({ email: 'refused-tlh@example.com', skip_confirmation: true, locale: 'de' });
    expect(ok.status).toBe(201);
    expect(await get(ok.body.results[0]!.id!)).toMatchObject({ locale: 'de-DE' });
  });

  it('imports a CSV locale column: good rows stored canonical, a bad one named by its line and column', async () => {
    const csv = ['email,regions,locale', 'anne@example.ca,rogers-ca,fr-ca', 'kirk@example.com,all,tlh', 'jo@example.com,tmobile-us tmobile-de,', 'max@example.de,tmobile-de,', 'pat@example.com,tmobile-us,de'].join('\n');
    const result = await importCsv({ actor: cliActor, csv });
    expect(result).toMatchObject({ created: 4, rejected: 1 });
    const rejected = result.results.filter((r) => r.status === 'rejected');
    expect(rejected).toEqual([expect.objectContaining({ line: 3, field: 'locale', error: expect.stringMatching(/^line 3: locale: not a language Candor writes in/) })]);
    const stored = await t.handle.db.subscriber.findMany({ where: { source: 'csv' }, orderBy: { email: 'asc' }, select: { email: true, locale: true } });
    expect(stored).toEqual([
      { email: 'anne@example.ca', locale: 'fr-CA' },
      { email: 'jo@example.com', locale: '' },
      { email: 'max@example.de', locale: 'de-DE' },
      { email: 'pat@example.com', locale: 'de-DE' },
    ]);
    // A second import of the same file changes nothing (and re-sends no language audit).
    const again = await importCsv({ actor: cliActor, csv });
    expect(again).toMatchObject({ created: 0, updated: 4, rejected: 1 });
    expect(await t.handle.db.auditLog.count({ where: { action: 'subscriber.locale' } })).toBe(2);
  });

  it('writes each carrier’s notice in that carrier’s language to a subscriber of several who chose none', async () => {
    const both = ['tmobile-us', 'tmobile-de'];
    const imported = await post([
      { email: 'several@example.com', skip_confirmation: true, regions: both },
      { email: 'chose-en@example.com', skip_confirmation: true, regions: both, locale: 'en' },
      { email: 'chose-de@example.com', skip_confirmation: true, regions: both, locale: 'de-DE' },
    ]);
    expect(imported.body.created).toBe(3);
    expect(await get(imported.body.results[0]!.id!)).toMatchObject({ locale: null });
    const germanOnly = await t.handle.db.incident.create({
      data: { title: 'Kontakte nicht erreichbar', kind: 'data_loss', impact: 'critical', startedAt: new Date('2009-10-03T08:00:00Z'), impacts: { create: [{ componentId: s.components.contacts, regionId: germany, dataState: 'lost', affectedUsers: 90_000 }] } },
    });
    const letters = async (incident: string) => {
      sink.messages.length = 0;
      const notice = await createNotice({ actor: alice, input: { incident, kind: 'update' } });
      await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).status === 'sent', 60_000);
      const by = new Map<string, { subject: string; html: string; text: string }>();
      for (const m of sink.messages) {
        const p = await parse(m);
        by.set(m.to[0]!, { subject: p.subject ?? '', html: String(p.html), text: p.text ?? '' });
      }
      return by;
    };
    const englishOnly = (l: { text: string; html: string } | undefined) => {
      expect(l?.html).toContain('<html lang="en">');
      for (const words of fixedNoticeWords('de-DE')) expect(`${l?.text}\n${l?.html}`, words).not.toContain(words);
    };
    const germanOnlyWords = (l: { text: string; html: string } | undefined) => {
      expect(l?.html).toContain('<html lang="de-DE">');
      for (const words of fixedNoticeWords('en')) expect(`${l?.text}\n${l?.html}`, words).not.toContain(words);
    };

    // T-Mobile Deutschland's notice: German for the subscriber who chose none (before: English).
    const de = await letters(germanOnly.id);
    germanOnlyWords(de.get('several@example.com'));
    germanOnlyWords(de.get('chose-de@example.com'));
    // The positive control: an explicit English choice is kept for the same German notice.
    englishOnly(de.get('chose-en@example.com'));

    // T-Mobile US's notice (the scenario's incident, first in their regions' order): English for them.
    const us = await letters(s.incidentId);
    englishOnly(us.get('several@example.com'));
    germanOnlyWords(us.get('chose-de@example.com'));
  });
});
