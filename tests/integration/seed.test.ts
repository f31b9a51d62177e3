import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/test-db';
import { cliActor } from '@/lib/server/actor';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { regionLanguages } from '@/lib/i18n/languages';
import { demoRegions } from '@/prisma/seed/demo-catalogue';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot } from '@/lib/server/public/snapshot';

const NOW = new Date('2026-11-25T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

describe.each(DATABASE_KINDS)('the Sidekick demo on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
  });
  afterAll(async () => {
    await t.drop();
  });

  const counts = async () => {
    const d = t.handle.db;
    return {
      incidents: await d.incident.count(),
      updates: await d.incidentUpdate.count(),
      impacts: await d.incidentImpact.count(),
      updateImpacts: await d.updateImpact.count(),
      subscribers: await d.subscriber.count(),
      subscriberRegions: await d.subscriberRegion.count(),
      subscriberComponents: await d.subscriberComponent.count(),
      regions: await d.region.count(),
      components: await d.component.count(),
      groups: await d.componentGroup.count(),
    };
  };

  it('loads twice without duplicating anything, with one audit row per load', async () => {
    const first = await loadDemo({ actor: cliActor, now: NOW });
    const after1 = await counts();
    const second = await loadDemo({ actor: cliActor, now: new Date(NOW.getTime() + 60_000) });
    const after2 = await counts();
    expect(after2).toEqual(after1);
    expect(after1.regions).toBe(demoRegions.length);
    expect(after1.components).toBe(7);
    expect(after1.incidents).toBe(first.incidents);
    expect(second.subscribersAdded).toBe(0);
    expect(first.subscribersAdded).toBe(first.subscribers);
    const audits = await t.handle.db.auditLog.findMany({ where: { action: 'demo.load' } });
    expect(audits).toHaveLength(2);
  });

  it('carries a French and a German translation of the data-loss update, shown on those languages\' pages', async () => {
    const translations = await t.handle.db.updateTranslation.findMany({ where: { update: { approvedAt: { not: null } } }, select: { lang: true, body: true, update: { select: { body: true, approvedAt: true } } } });
    // The update that declared data lost (signed off by a second person), in both languages.
    expect(translations.map((tr) => tr.lang).sort()).toEqual(['de-DE', 'fr-CA']);
    const incidentId = (await t.handle.db.incidentUpdate.findFirstOrThrow({ where: { approvedAt: { not: null }, translations: { some: {} } }, select: { incidentId: true } })).incidentId;
    const snap = buildSnapshot(await loadPublicModel(NOW), NOW);
    const page = (search: string) => snap.entries.get(`/incidents/${incidentId}${search}`)!.body.toString();
    expect(page('?lang=fr-CA')).toContain('Les données personnelles de nombreux clients sont probablement perdues');
    expect(page('?lang=de-DE')).toContain('Persönliche Daten vieler Kundinnen und Kunden sind wahrscheinlich verloren');
    // Positive control: the English page has the original.
    expect(page('?lang=en')).toContain('Personal data is likely lost for many customers');
  });

  it('keeps the main incident consistent: status from the latest update, impact from the timeline', async () => {
    const incident = await t.handle.db.incident.findFirstOrThrow({
      where: { kind: 'data_loss', status: { notIn: ['resolved', 'postmortem'] } },
      include: { updates: { orderBy: { displayAt: 'asc' }, include: { impactChanges: true } }, impacts: { include: { region: true, component: true } } },
    });
    expect(incident.impact).toBe('critical');
    const published = incident.updates.filter((u) => u.state === 'published');
    expect(incident.status).toBe(published[published.length - 1]!.status);
    expect(published.map((u) => u.status)).toContain('investigating');
    expect(published.some((u) => u.impactChanges.some((c) => c.dataState === 'lost'))).toBe(true);
    expect(incident.startedAt.getTime()).toBeLessThan(NOW.getTime() + 60_000 - 2 * DAY);

    // The current impact equals the last value each update set for that component and region.
    const folded = new Map<string, { status: string; dataState: string; restoredUsers: number }>();
    for (const u of published) for (const c of u.impactChanges) folded.set(`${c.componentId}|${c.regionId}`, c);
    expect(incident.impacts).toHaveLength(folded.size);
    for (const i of incident.impacts) expect(folded.get(`${i.componentId}|${i.regionId}`)).toMatchObject({ status: i.status, dataState: i.dataState, restoredUsers: i.restoredUsers });

    const at = (region: string, component: string) => incident.impacts.find((i) => i.region.slug === region && i.component.slug === component);
    for (const c of ['contacts', 'calendar', 'todo', 'photos']) expect(at('telstra-au', c)?.dataState).toBe('lost');
    for (const c of ['contacts', 'calendar']) {
      const cell = at('tmobile-us', c)!;
      expect(cell.dataState).toBe('recovering');
      expect(cell.restoredUsers).toBeGreaterThan(0);
      expect(cell.restoredUsers).toBeLessThan(cell.affectedUsers);
    }
    expect(incident.impacts.some((i) => i.region.slug === 'rogers-ca')).toBe(false);
  });

  it('has the carriers, a scheduled maintenance, 90 days of history and a few hundred subscribers', async () => {
    const d = t.handle.db;
    const regions = await d.region.findMany({ orderBy: { position: 'asc' } });
    expect(regions.map((r) => [r.slug, r.carrier, r.product, r.locale, r.languages, r.timeZone])).toEqual(demoRegions.map((r) => [r.slug, r.carrier, r.product, r.locale, r.languages, r.timeZone]));
    // The carriers issue 16 asks for: T-Mobile in Germany speaks German first, Rogers offers Canadian French.
    expect(regions.find((r) => r.slug === 'tmobile-de')).toMatchObject({ carrier: 'T-Mobile', product: 'Sidekick', locale: 'de-DE', timeZone: 'Europe/Berlin' });
    expect(regionLanguages('de-DE', regions.find((r) => r.slug === 'tmobile-de')!.languages).map((o) => o.lang)).toEqual(['de-DE', 'en']);
    expect(regionLanguages('en-CA', regions.find((r) => r.slug === 'rogers-ca')!.languages)).toEqual([{ lang: 'en', locale: 'en-CA' }, { lang: 'fr-CA', locale: 'fr-CA' }]);
    const now = NOW.getTime() + 60_000;
    const maintenance = await d.incident.findMany({ where: { kind: 'maintenance', status: 'scheduled' }, include: { impacts: true } });
    expect(maintenance).toHaveLength(1);
    expect(maintenance[0]!.scheduledFor!.getTime()).toBeGreaterThan(now);
    expect(maintenance[0]!.scheduledUntil!.getTime()).toBeGreaterThan(maintenance[0]!.scheduledFor!.getTime());
    expect(maintenance[0]!.impacts.every((i) => i.status === 'under_maintenance')).toBe(true);

    const past = await d.incident.findMany({ where: { status: { in: ['resolved', 'completed'] } }, include: { updates: true, impacts: true } });
    expect(past.length).toBeGreaterThanOrEqual(4);
    const ages = past.map((i) => (now - i.resolvedAt!.getTime()) / DAY);
    expect(Math.min(...ages)).toBeGreaterThan(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(90);
    expect(Math.max(...ages) - Math.min(...ages)).toBeGreaterThan(45);
    for (const i of past) {
      expect(i.updates.length).toBeGreaterThanOrEqual(2);
      expect(i.resolvedAt!.getTime()).toBeGreaterThan(i.startedAt.getTime());
    }
    // Each past event touched only some regions or some components.
    expect(past.every((i) => i.impacts.length < regions.length * 7)).toBe(true);

    const confirmed = await d.subscriber.findMany({ where: { confirmedAt: { not: null }, unsubscribedAt: null }, include: { regions: { include: { region: true } }, components: true } });
    expect(confirmed.length).toBeGreaterThanOrEqual(200);
    expect(confirmed.every((s) => /@example\.(com|net|org)$/.test(s.email))).toBe(true);
    expect(new Set(confirmed.map((s) => s.manageTokenHash)).size).toBe(confirmed.length);
    for (const slug of ['tmobile-us', 'telstra-au', 'rogers-ca']) expect(confirmed.some((s) => s.regions.some((r) => r.region.slug === slug))).toBe(true);
    expect(confirmed.some((s) => s.allRegions && s.regions.length === 0)).toBe(true);
    expect(confirmed.some((s) => !s.allComponents && s.components.length > 0)).toBe(true);
    expect(new Set(confirmed.map((s) => s.timeZone)).size).toBeGreaterThan(5);
  });
});
