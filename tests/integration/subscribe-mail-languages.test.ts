import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { formatLocalTime } from '@/lib/mail/templates/variables';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { recordEndpointHealth } from '@/lib/jobs/endpoint-health';
import { DISABLE_POLICY } from '@/lib/domain/endpoint-health';
import { createSmsSender, parseSmsUrl } from '@/lib/channels/sms';
import { smsStopLine } from '@/lib/channels/payloads/sms';
import { SMS_CODE_MINUTES } from '@/lib/domain/sms-code';
import { CATALOGS } from '@/lib/i18n/catalogs';
import { t } from '@/lib/i18n/t';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { installWebSmsSender } from '@/lib/server/sms/web-sender';
import { CONFIRM_HOURS, subscribe } from '@/lib/server/subscriptions/subscribe';
import { confirmSubscription } from '@/lib/server/subscriptions/confirm-subscription';
import { confirmSmsCode } from '@/lib/server/subscriptions/confirm-sms-code';
import { startSmsc, type Smsc } from '@/tests/helpers/smsc';
import { createNotice } from '@/lib/server/notices/create-notice';
import { addSubscribers, createGermanRegion, createScenario, parse, waitFor, type Scenario } from './notify-fixtures';

// Issue 16: the mail and texts that confirm a subscription, the "already subscribed" ones and the
// mail saying a failing endpoint was switched off arrive in the subscriber's language: the one they
// chose, else their carrier's (the first in page order for several), with dates in their zone by
// Intl and staff's translations of the page's and services' names. Received for real, from the
// loopback SMTP server and SMSC, with English as the control.

const BRAND = 'Sidekick status';
const BRAND_IN = { 'de-DE': 'Sidekick-Dienststatus', 'fr-CA': 'État des services Sidekick' } as const;
const NOW = new Date('2026-07-01T10:00:00Z');
const EXPIRES = new Date(NOW.getTime() + CONFIRM_HOURS * 3600_000);

describe.each(DATABASE_KINDS)('subscription confirmations in the subscriber’s language on %s', (kind) => {
  let tdb: TestDatabase;
  let sink: Sink;
  let smsc: Smsc;
  let worker: RunningWorker;
  let s: Scenario;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    tdb.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 200 });
    installTransport(sink.url);
    smsc = await startSmsc();
    await installWebSmsSender(createSmsSender({ config: parseSmsUrl(smsc.url()), log: () => undefined }));
    const db = tdb.handle.db;
    s = await createScenario(db);
    // T-Mobile Germany first in page order, so a subscriber of several carriers who chose no language reads German.
    const germany = await createGermanRegion(db);
    await db.region.update({ where: { id: germany }, data: { position: -1 } });
    const page = { name: BRAND, translations: JSON.stringify({ name: BRAND_IN }) };
    await db.pageSettings.upsert({ where: { id: 1 }, create: { id: 1, ...page }, update: page });
    await db.component.update({ where: { id: s.components.contacts }, data: { translations: JSON.stringify({ name: { 'de-DE': 'Kontakte', 'fr-CA': 'Contacts' } }) } });
    await db.component.update({ where: { id: s.components.calendar }, data: { translations: JSON.stringify({ name: { 'de-DE': 'Kalender', 'fr-CA': 'Calendrier' } }) } });
    worker = await startWorker({ pollMs: 100, domainRate: 0 });
  });
  afterAll(async () => {
    await worker?.stop();
    await installWebSmsSender(null);
    await smsc?.stop();
    await closeTransport();
    await sink?.stop();
    await tdb?.drop();
  });

  /** The nth mail to `address` (from 0), as received: subject, HTML, the text as sent and with its lines joined. */
  const mailTo = async (address: string, nth = 0) => {
    const m = await parse(await waitFor(`mail ${nth} to ${address}`, () => sink.messages.filter((x) => x.to[0] === address)[nth]));
    const text = m.text ?? '';
    return { subject: m.subject ?? '', html: String(m.html), text, flat: text.replace(/[ \n]+/g, ' ') };
  };
  const confirmLink = (text: string) => /\/confirm\/([A-Za-z0-9_-]+)/.exec(text)![1]!;

  it('writes the confirmation in German to a T-Mobile Germany subscriber, in Berlin time, and in English to a US one', async () => {
    const prefs = { components: ['contacts', 'calendar'], notice_kinds: [] };
    await subscribe({ input: { email: 'leser@example.de', regions: ['tmobile-de'], time_zone: 'Europe/Berlin', ...prefs }, now: NOW });
    await subscribe({ input: { email: 'reader@example.com', regions: ['tmobile-us'], time_zone: 'America/Los_Angeles', ...prefs }, now: NOW });
    const de = await mailTo('leser@example.de');
    const en = await mailTo('reader@example.com');

    expect(de.subject).toBe(t('de-DE', 'mail.confirm.subject', { brand: BRAND_IN['de-DE'] }));
    expect(de.html).toContain('<html lang="de-DE">');
    expect(de.flat).toContain(CATALOGS['de-DE']['mail.confirm.heading']);
    expect(de.text).toContain(`${CATALOGS['de-DE']['mail.confirm.button']}:\n`);
    // Staff's German names, joined the German way; the region's name is staff's too (not translatable).
    expect(de.flat).toContain('Kontakte und Kalender für Deutschland (T-Mobile)');
    // 10:00 UTC + 48 h is noon on 3 July in Berlin, summer time, written in German.
    const deadline = formatLocalTime(EXPIRES, 'Europe/Berlin', 'de-DE');
    expect(deadline).toMatch(/3\. Juli 2026, 12:00 MESZ/);
    expect(de.flat).toContain(`bis ${deadline}.`);
    expect(de.flat).toContain(t('de-DE', 'mail.footer.confirmedOnly', { brand: BRAND_IN['de-DE'] }));
    for (const english of [CATALOGS.en['mail.confirm.heading'], CATALOGS.en['mail.confirm.button'], 'Contacts', BRAND]) expect(de.flat, english).not.toContain(english);

    // The control: English words, names and Pacific time for the US subscriber.
    expect(en.subject).toBe(`Confirm your ${BRAND} subscription`);
    expect(en.html).toContain('<html lang="en">');
    expect(en.flat).toContain('Contacts and Calendar in United States (T-Mobile)');
    expect(en.flat).toContain(`The link works for ${CONFIRM_HOURS} hours. It stops working on ${formatLocalTime(EXPIRES, 'America/Los_Angeles', 'en-US')}.`);
    expect(en.flat).toContain(CATALOGS.en['mail.confirm.heading']);
  });

  it('writes it in French to someone who chose French, with the French colon and Toronto time', async () => {
    await subscribe({ input: { email: 'lectrice@example.ca', locale: 'fr-CA', time_zone: 'America/Toronto' }, now: NOW });
    const fr = await mailTo('lectrice@example.ca');
    expect(fr.subject).toBe(t('fr-CA', 'mail.confirm.subject', { brand: BRAND_IN['fr-CA'] }));
    expect(fr.html).toContain('<html lang="fr-CA">');
    expect(fr.text).toContain(`${CATALOGS['fr-CA']['mail.confirm.button']}\u00a0:\n`);
    expect(fr.flat).toContain('tous les services, pour toutes les régions');
    const deadline = formatLocalTime(EXPIRES, 'America/Toronto', 'fr-CA');
    expect(deadline).toMatch(/3 juill\. 2026, 06 h 00 HAE/);
    expect(fr.flat).toContain(deadline);
    expect(fr.flat).not.toContain(CATALOGS.en['mail.confirm.heading']);
  });

  it('writes to a subscriber of several carriers who chose no language in the first carrier’s', async () => {
    await subscribe({ input: { email: 'beide@example.de', regions: ['rogers-ca', 'tmobile-de'], time_zone: 'Europe/Berlin' }, now: NOW });
    expect((await tdb.handle.db.subscriber.findUniqueOrThrow({ where: { key: 'beide@example.de' } })).locale).toBe('');
    const mail = await mailTo('beide@example.de');
    expect(mail.subject).toBe(t('de-DE', 'mail.confirm.subject', { brand: BRAND_IN['de-DE'] }));
    expect(mail.flat).toContain(new Intl.ListFormat('de-DE', { type: 'conjunction' }).format(['Deutschland (T-Mobile)', 'Canada (Rogers)']));
  });

  it('tells an address already subscribed in its owner’s language, whatever language the new request asks for', async () => {
    for (const email of ['leser@example.de', 'reader@example.com']) await confirmSubscription({ token: confirmLink((await mailTo(email)).text), now: NOW });
    // Someone asks again for each address, in the other language.
    await subscribe({ input: { email: 'leser@example.de', locale: 'en', regions: 'all' }, now: NOW });
    await subscribe({ input: { email: 'reader@example.com', locale: 'de-DE', regions: 'all' }, now: NOW });
    const de = await mailTo('leser@example.de', 1);
    const en = await mailTo('reader@example.com', 1);
    expect(de.subject).toBe(t('de-DE', 'mail.manageLink.subject', { brand: BRAND_IN['de-DE'] }));
    expect(de.html).toContain('<html lang="de-DE">');
    expect(de.flat).toContain(CATALOGS['de-DE']['mail.manageLink.body']);
    expect(de.text).toMatch(/\/manage\/[A-Za-z0-9_.-]+/);
    expect(de.flat).not.toContain(CATALOGS.en['mail.manageLink.body']);
    expect(en.subject).toBe(`Your ${BRAND} subscription`);
    expect(en.flat).toContain(CATALOGS.en['mail.manageLink.body']);
    // Nothing stored changed: the German owner is still German.
    expect((await tdb.handle.db.subscriber.findUniqueOrThrow({ where: { key: 'leser@example.de' } })).locale).toBe('de-DE');
  });

  it('tells a German webhook’s contact in German, at Berlin time, that it was switched off, and an English one in English', async () => {
    const at = new Date('2026-11-02T08:15:00Z');
    const hook = async (email: string, locale: string, timeZone: string) => {
      const endpoint = `https://hooks.${email.split('@')[1]}/candor`;
      const id = `sub_hook_${locale.replace('-', '')}`;
      await tdb.handle.db.subscriber.create({ data: { id, email, channel: 'webhook', endpoint, key: `webhook ${email} ${endpoint}`, locale, timeZone, confirmedAt: at, manageTokenHash: `hash-${id}` } });
      return id;
    };
    const ids = [await hook('kontakt@example.de', 'de-DE', 'Europe/Berlin'), await hook('contact@example.com', 'en-US', 'America/New_York')];
    expect(await recordEndpointHealth(ids.map((subscriberId) => ({ subscriberId, ok: false, reason: 'HTTP 503' })), at, { afterMs: 0, minFailures: 1, gapMs: DISABLE_POLICY.gapMs })).toEqual(ids);
    const de = await mailTo('kontakt@example.de');
    const en = await mailTo('contact@example.com');
    expect(de.subject).toBe(t('de-DE', 'mail.endpointOff.subject', { brand: BRAND_IN['de-DE'], channel: 'Webhook', host: 'hooks.example.de' }));
    expect(de.html).toContain('<html lang="de-DE">');
    // 08:15 UTC on 2 November is 09:15 winter time in Berlin.
    const since = formatLocalTime(at, 'Europe/Berlin', 'de-DE');
    expect(since).toMatch(/2\. Nov\. 2026, 09:15 MEZ/);
    expect(de.flat).toContain(`Seit ${since} ist jeder Versuch fehlgeschlagen.`);
    expect(de.text).toContain(`${CATALOGS['de-DE']['mail.endpointOff.lastAnswer']}: HTTP 503`);
    expect(de.text).toMatch(/\/subscribe\?lang=de-DE\n/);
    expect(de.flat).not.toContain(CATALOGS.en['mail.endpointOff.again']);
    expect(en.subject).toBe(`${BRAND}: Webhook notices to hooks.example.com are switched off`);
    expect(en.flat).toContain(`Every attempt since ${formatLocalTime(at, 'America/New_York', 'en-US')} has failed`);
  });

  it('texts the code, and the already-subscribed answer, in German to a German number and in English to an Australian one', async () => {
    const texts = (to: string) => smsc.messages.filter((m) => m.to === to).map((m) => m.text);
    const ask = (phone: string, email: string, region: string) => subscribe({ input: { channel: 'sms', phone_number: phone, email, regions: [region] } });
    const DE_PHONE = '+4915112345678';
    const AU_PHONE = '+61412345699';
    await ask(DE_PHONE, 'handy@example.de', 'tmobile-de');
    await ask(AU_PHONE, 'mobile@example.au', 'telstra-au');
    const [deCode] = await waitFor('German code', () => (texts(DE_PHONE).length ? texts(DE_PHONE) : null));
    const [auCode] = await waitFor('English code', () => (texts(AU_PHONE).length ? texts(AU_PHONE) : null));
    const code = /^(\d{6}) /.exec(deCode!)?.[1];
    expect(deCode).toBe(t('de-DE', 'sms.code', { code: code!, brand: BRAND_IN['de-DE'], minutes: SMS_CODE_MINUTES }));
    expect(deCode).toContain(`ist Ihr ${BRAND_IN['de-DE']}-Code`);
    expect(auCode).toMatch(new RegExp(`^\\d{6} is your ${BRAND} code`));

    await confirmSmsCode({ input: { phone_number: DE_PHONE, code } });
    const auDigits = /^(\d{6}) /.exec(auCode!)![1]!;
    await confirmSmsCode({ input: { phone_number: AU_PHONE, code: auDigits } });
    await ask(DE_PHONE, 'handy@example.de', 'tmobile-de');
    await ask(AU_PHONE, 'mobile@example.au', 'telstra-au');
    const deAgain = texts(DE_PHONE)[1]!;
    const auAgain = texts(AU_PHONE)[1]!;
    expect(deAgain).toMatch(new RegExp(`^${BRAND_IN['de-DE']}: Diese Nummer erhält bereits Statusmeldungen\\. .*/manage/[A-Za-z0-9_.-]+\\n${smsStopLine('de-DE')}$`));
    expect(deAgain).not.toContain(smsStopLine('en'));
    expect(auAgain).toMatch(new RegExp(`^${BRAND}: this number already gets status notices\\. .*\\n${smsStopLine('en')}$`));
  });

  it('heads a notice to a German reader with the page’s German name, and an English one with the original', async () => {
    const db = tdb.handle.db;
    await addSubscribers(db, [
      { email: 'meldung@example.de', regionIds: [s.regions.tmobile], locale: 'de-DE', timeZone: 'Europe/Berlin' },
      { email: 'notice@example.com', regionIds: [s.regions.tmobile], locale: 'en-US', timeZone: 'America/Los_Angeles' },
    ]);
    const user = await db.user.create({ data: { email: 'alice@candor.test', name: 'Alice', role: 'responder', passwordHash: 'x' } });
    await createNotice({ actor: { type: 'user', userId: user.id, label: 'Alice', role: 'responder' }, input: { incident: s.incidentId, kind: 'update' } });
    const de = await mailTo('meldung@example.de');
    const en = await mailTo('notice@example.com');
    // The first line names the site, then the product and carrier.
    expect(de.text.split('\n')[0]).toBe(`${BRAND_IN['de-DE']} · ${t('de-DE', 'notice.productOn', { product: 'Sidekick', carrier: 'T-Mobile' })}`);
    expect(de.html).toContain(BRAND_IN['de-DE']);
    expect(de.flat).not.toContain(BRAND);
    expect(en.text.split('\n')[0]).toBe(`${BRAND} · Sidekick on T-Mobile`);
  });
});
