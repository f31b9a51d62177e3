import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import type { Actor } from '@/lib/server/actor';
import { createNotice } from '@/lib/server/notices/create-notice';
import { approveNotice } from '@/lib/server/notices/approve-notice';
import { postUpdate } from '@/lib/server/incidents/post-update';
import { translateUpdate } from '@/lib/server/incidents/translate-update';
import { saveNoticeTemplate } from '@/lib/server/notice-templates/save-notice-template';
import { defaultNoticeCopy } from '@/lib/mail/templates/notice-defaults';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { fixedNoticeWords } from '@/tests/helpers/notice-words';
import { LANGUAGES } from '@/lib/i18n/languages';
import { addSubscribers, createGermanRegion, createScenario, parse, waitFor, type Scenario } from './notify-fixtures';

// Notices in each reader's language: a de-DE subscriber reads a German data-loss notice with dates
// in German and in their own zone, an English subscriber of the same notice reads English, and a
// subscriber whose own language Candor does not speak reads their region's.

const DE = 'leser@example.de';
const EN = 'reader@example.com';
const REGION_DEFAULT = 'yamada@example.jp';
const FR = 'lectrice@example.ca';


describe.each(DATABASE_KINDS)('notices in the reader’s language on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  let worker: RunningWorker;
  let s: Scenario;
  let alice: Actor;
  let bob: Actor;
  let germany: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 200 });
    installTransport(sink.url);
    s = await createScenario(t.handle.db);
    const db = t.handle.db;
    germany = await createGermanRegion(db);
    await db.incidentImpact.create({ data: { incidentId: s.incidentId, componentId: s.components.contacts, regionId: germany, dataState: 'lost', affectedUsers: 90_000 } });
    await addSubscribers(db, [
      { email: DE, regionIds: [s.regions.tmobile], timeZone: 'Europe/Berlin', locale: 'de-DE' },
      { email: EN, regionIds: [s.regions.tmobile], timeZone: 'America/Los_Angeles', locale: 'en-US' },
      { email: REGION_DEFAULT, regionIds: [germany], timeZone: 'Asia/Tokyo', locale: 'ja-JP' },
    ]);
    const a = await db.user.create({ data: { email: 'alice@candor.test', name: 'Alice', role: 'responder', passwordHash: 'x' } });
    const b = await db.user.create({ data: { email: 'bob@candor.test', name: 'Bob', role: 'responder', passwordHash: 'x' } });
    alice = { type: 'user', userId: a.id, label: 'Alice', role: 'responder' };
    bob = { type: 'user', userId: b.id, label: 'Bob', role: 'responder' };
    worker = await startWorker({ pollMs: 100, domainRate: 0 });
  });
  afterAll(async () => {
    await worker?.stop();
    await closeTransport();
    await sink?.stop();
    await t?.drop();
  });

  const letterTo = async (address: string) => {
    const m = await parse(sink.messages.find((x) => x.to[0] === address)!);
    return { subject: m.subject, html: String(m.html), text: (m.text ?? '').replace(/\s+/g, ' ') };
  };

  it('writes a German data-loss notice to a German reader, in their zone, and English to an English one', async () => {
    const notice = await createNotice({ actor: alice, input: { incident: s.incidentId, kind: 'data_loss' } });
    await approveNotice({ actor: bob, id: notice.id });
    await waitFor('notice sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).status === 'sent', 60_000);

    const de = await letterTo(DE);
    expect(de.subject).toBe('Wichtig: Ihre Sidekick-Daten sind wahrscheinlich verloren');
    // Started 2009-10-02 09:30 UTC: 11:30 summer time in Berlin, written the German way.
    expect(de.text).toContain('Fr., 2. Okt. 2009, 11:30 MESZ');
    expect(de.text).toContain('Etwa 800.000 Kunden sind betroffen.');
    expect(de.text).toContain('Ihre Daten');
    expect(de.html).toContain('<html lang="de-DE">');
    expect(de.html).toContain('Aktuellen Status ansehen');
    for (const words of fixedNoticeWords('en')) expect(`${de.text}\n${de.html}`, words).not.toContain(words);

    // The positive control: the same notice, the same region, read in English in Los Angeles.
    const en = await letterTo(EN);
    expect(en.subject).toBe('Important: your Sidekick data is likely lost');
    expect(en.text).toContain('Fri, Oct 2, 2009, 2:30 AM PDT');
    expect(en.text).toContain('About 800,000 customers are affected.');
    expect(en.html).toContain('<html lang="en">');
    for (const words of fixedNoticeWords('de-DE')) expect(`${en.text}\n${en.html}`, words).not.toContain(words);

    // A language Candor does not speak: the region's (German), in the reader's own zone (Tokyo).
    const jp = await letterTo(REGION_DEFAULT);
    expect(jp.subject).toBe('Wichtig: Ihre Sidekick-Daten sind wahrscheinlich verloren');
    expect(jp.text).toContain('Fr., 2. Okt. 2009, 18:30');
    expect(jp.text).toContain('Etwa 90.000 Kunden sind betroffen.');

    // Rendered once per region and language, never per reader.
    const renderings = await t.handle.db.noticeRendering.findMany({ where: { noticeId: notice.id }, select: { regionId: true, lang: true } });
    const regions = new Set(renderings.map((r) => r.regionId));
    expect(renderings).toHaveLength(regions.size * LANGUAGES.length);
  });
  it('gives a German reader the German template where there is one, and the English reader the English default', async () => {
    const german = { subject: 'Neuigkeiten zu {{product}}: {{incident_title}}', body: 'Stand am {{updated_at_local}}: Daten in {{data_services}} – {{data_state}}.' };
    await saveNoticeTemplate({ actor: alice, scope: { kind: 'update', regionSlug: 'tmobile-us', lang: 'de-DE' }, input: german });
    sink.messages.length = 0;
    const notice = await createNotice({ actor: alice, input: { incident: s.incidentId, kind: 'update' } });
    await waitFor('update sent', async () => (await t.handle.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).status === 'sent', 60_000);
    const de = await letterTo(DE);
    expect(de.subject).toBe('Neuigkeiten zu Sidekick: Personal data unavailable');
    expect(de.text).toContain('Daten in Contacts – wahrscheinlich verloren.');
    // The template is T-Mobile US's: the German reader in Germany gets Candor's German default.
    const jp = await letterTo(REGION_DEFAULT);
    expect(jp.subject).toBe(defaultNoticeCopy('update', 'lost', 'de-DE').subject.replace('{{incident_title}}', 'Personal data unavailable').replace('{{product}}', 'Sidekick'));
    // The positive control: English readers of the same region are not given the German template.
    const en = await letterTo(EN);
    expect(en.subject).toBe('Update on Personal data unavailable (Sidekick)');
  });
  it('quotes a translated update to its language’s readers, and the original with a note in theirs to the others', async () => {
    const db = t.handle.db;
    await addSubscribers(db, [{ email: FR, regionIds: [s.regions.tmobile], timeZone: 'America/Toronto', locale: 'fr-CA' }]);
    const incident = await db.incident.findUniqueOrThrow({ where: { id: s.incidentId } });
    const posted = await postUpdate({
      actor: alice,
      input: { incident_id: s.incidentId, version: incident.version, status: 'identified', body: 'We found the **faulty** storage array.', lang: 'en',
        impacts: [{ component: 'contacts', region: 'tmobile-us', status: 'major_outage', data_state: 'lost', affected_users: 800_000 }], translations: [{ lang: 'de-DE', body: 'Wir haben das **fehlerhafte** Speichersystem gefunden.' }] },
    });
    const update = await db.incidentUpdate.findUniqueOrThrow({ where: { id: posted.id }, include: { translations: true } });
    expect(update.translations.map((x) => x.lang)).toEqual(['de-DE']);
    const sendUpdate = async () => {
      sink.messages.length = 0;
      const notice = await createNotice({ actor: alice, input: { incident: s.incidentId, kind: 'update' } });
      await waitFor('update sent', async () => (await db.notice.findUniqueOrThrow({ where: { id: notice.id } })).status === 'sent', 60_000);
    };
    await sendUpdate();
    const de = await letterTo(DE);
    expect(de.text).toContain('Wir haben das fehlerhafte Speichersystem gefunden.');
    expect(de.text).not.toContain('storage array');
    expect(de.text).not.toContain('Noch nicht übersetzt');
    const fr = await letterTo(FR);
    expect(fr.text).toContain('We found the faulty storage array.');
    expect(fr.text).toContain('Pas encore traduite : cette mise à jour est présentée en anglais, telle qu’elle a été rédigée.');
    expect(fr.html).toContain('Pas encore traduite');
    // The positive control: English readers read the original, with no note.
    const en = await letterTo(EN);
    expect(en.text).toContain('We found the faulty storage array.');
    expect(en.text).not.toMatch(/Not translated|Pas encore|Noch nicht/);

    // A French translation added later, in the console's way (audited with it): French readers now get it.
    await expect(translateUpdate({ actor: alice, input: { update_id: posted.id, lang: 'en', body: 'Same language' } })).rejects.toMatchObject({ code: 'validation', field: 'lang' });
    await expect(translateUpdate({ actor: alice, input: { update_id: posted.id, lang: 'fr-CA', body: 'x', bodies_by_region: { 'tmobile-us': 'y' } } })).rejects.toMatchObject({ code: 'validation', field: 'bodies_by_region.tmobile-us' });
    const french = { update_id: posted.id, lang: 'fr-CA', body: 'Nous avons trouvé la baie de stockage **défectueuse**.' };
    expect((await translateUpdate({ actor: alice, input: french })).changed).toBe(true);
    expect((await translateUpdate({ actor: alice, input: french })).changed).toBe(false);
    const audits = await db.auditLog.findMany({ where: { action: 'incident_update.translate', objectId: posted.id } });
    expect(audits.map((a) => (JSON.parse(a.after!) as { lang: string }).lang).sort()).toEqual(['de-DE', 'fr-CA']);
    await sendUpdate();
    const fr2 = await letterTo(FR);
    expect(fr2.text).toContain('Nous avons trouvé la baie de stockage défectueuse.');
    expect(fr2.text).not.toContain('Pas encore traduite');
  });
});
