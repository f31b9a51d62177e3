import { describe, expect, it } from 'vitest';
import { demoComponents, demoGroups, demoRegions } from '@/prisma/seed/demo-catalogue';
import { DEMO_INCIDENT_IDS, demoIncidents } from '@/prisma/seed/demo-incidents';
import { DEMO_SUBSCRIBER_COUNT, demoSubscribers } from '@/prisma/seed/demo-subscribers';
import { carrierNameWarnings } from '@/lib/domain/update-text';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('the demo scenario data', () => {
  it('refers only to components, groups and regions it defines', () => {
    const components = new Set(demoComponents.map((c) => c.slug));
    const regions = new Set(demoRegions.map((r) => r.slug));
    const groups = new Set(demoGroups.map((g) => g.slug));
    expect(demoComponents.every((c) => groups.has(c.group))).toBe(true);
    for (const incident of demoIncidents(NOW)) {
      for (const u of incident.updates) {
        for (const i of u.impacts) {
          expect(components.has(i.component), `${incident.id}: ${i.component}`).toBe(true);
          expect(regions.has(i.region), `${incident.id}: ${i.region}`).toBe(true);
          expect(i.restoredUsers).toBeLessThanOrEqual(i.affectedUsers);
        }
      }
    }
    const subscribers = demoSubscribers();
    expect(subscribers.every((s) => s.regions.every((r) => regions.has(r)) && s.components.every((c) => components.has(c)))).toBe(true);
  });

  it('has fixed incident ids and a timeline that starts at the incident and never lies in the future', () => {
    const incidents = demoIncidents(NOW);
    expect(incidents.map((i) => i.id)).toEqual([...DEMO_INCIDENT_IDS]);
    for (const i of incidents) {
      expect(i.updates.length).toBeGreaterThan(0);
      for (const u of i.updates) expect(u.displayAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      if (i.kind !== 'maintenance') expect(i.updates.every((u) => u.displayAt >= i.startedAt)).toBe(true);
    }
    const maintenance = incidents.find((i) => i.id === 'demo-maintenance-storage')!;
    expect(maintenance.scheduledFor!.getTime()).toBeGreaterThan(NOW.getTime());
  });

  it("gives each carrier's customers only their own carrier's names, and promises next updates after the update itself", () => {
    const regions = demoRegions.map((r) => ({ id: r.slug, slug: r.slug, name: r.name, carrier: r.carrier, product: r.product }));
    let ownTexts = 0;
    for (const incident of demoIncidents(NOW)) {
      const affected = [...new Set(incident.updates.flatMap((u) => u.impacts.map((i) => i.region)))];
      for (const u of incident.updates) {
        ownTexts += Object.keys(u.bodies ?? {}).length;
        expect(Object.keys(u.bodies ?? {}).every((slug) => affected.includes(slug)), incident.id).toBe(true);
        expect(carrierNameWarnings({ body: u.body, bodiesByRegionId: u.bodies ?? {}, affectedRegionIds: affected, regions }), `${incident.id}: ${u.body}`).toEqual([]);
        if (u.nextUpdateAt) expect(u.nextUpdateAt.getTime()).toBeGreaterThan(u.displayAt.getTime());
      }
    }
    expect(ownTexts).toBeGreaterThanOrEqual(4);
  });

  it('generates the same few hundred subscribers every time, on example domains only', () => {
    const a = demoSubscribers();
    expect(a).toEqual(demoSubscribers());
    expect(a).toHaveLength(DEMO_SUBSCRIBER_COUNT);
    expect(new Set(a.map((s) => s.email)).size).toBe(a.length);
    expect(a.every((s) => /^[a-z.0-9]+@example\.(com|net|org)$/.test(s.email))).toBe(true);
    for (const s of a) expect(() => new Intl.DateTimeFormat('en', { timeZone: s.timeZone })).not.toThrow();
  });
});
