import { describe, expect, it } from 'vitest';
import { formatDateTime } from '@/lib/domain/time';
import { incidentUrl } from '@/lib/server/notices/notice-props';
import type { PublicModel } from '@/lib/server/public/model';
import { buildSnapshot, lookup } from '@/lib/server/public/snapshot';
import { incident, iso, publicModel, update } from '@/tests/helpers/public-model-fixture';

// Carrier context (issue 12): a carrier's pages and notices link to incident and history pages
// that keep that carrier first, in its product's name and its time zone, with a way back to all.

const NOW = new Date('2026-11-25T09:00:00Z');
const started = iso(NOW, -5);

function model(): PublicModel {
  const m = publicModel(NOW, [
    incident({
      id: 'both',
      title: 'Photos missing',
      startedAt: started,
      createdAt: started,
      updates: [update('u1', 'investigating', started)],
      impacts: [
        { componentId: 'c1', regionId: 'r2', status: 'major_outage', dataState: 'at_risk', affectedUsers: 800, restoredUsers: 0 },
        { componentId: 'c1', regionId: 'r1', status: 'major_outage', dataState: 'lost', affectedUsers: 120, restoredUsers: 0 },
      ],
    }),
    incident({ id: 'us-only', title: 'Sidekick sync slow', startedAt: started, createdAt: started, updates: [update('u2', 'investigating', started)], impacts: [{ componentId: 'c1', regionId: 'r2', status: 'degraded_performance', dataState: 'intact', affectedUsers: 0, restoredUsers: 0 }] }),
  ]);
  // T-Mobile comes first in page order, so every-carrier pages list it before Telstra.
  m.regions = [{ ...m.regions[0]!, id: 'r2', slug: 'tmobile-us', name: 'T-Mobile US', carrier: 'T-Mobile', product: 'Sidekick', market: 'US', locale: 'en-US', timeZone: 'America/Los_Angeles', position: 0 }, { ...m.regions[0]!, position: 1 }];
  return m;
}

describe('carrier context on the public pages', () => {
  const snap = buildSnapshot(model(), NOW);
  const page = (path: string) => {
    const hit = lookup(snap, path, '');
    return { status: hit?.entry.status, found: hit?.found, body: hit?.entry.body.toString('utf8') ?? '' };
  };
  const telstraTime = formatDateTime(new Date(started), 'Australia/Sydney', 'en-AU');

  it("shows an incident opened from Telstra's pages as Telstra's customers read it: only Telstra, in Hiptop's name and Sydney time, with a link to all carriers", () => {
    const { status, body } = page('/regions/telstra-au/incidents/both');
    expect(status).toBe(200);
    expect(body.indexOf('Telstra Hiptop</a>')).toBeGreaterThan(-1);
    // Telstra's customers read only their own carrier (issue 12: a Telstra page never names T-Mobile).
    expect(body).not.toContain('T-Mobile Sidekick</a>');
    expect(body).toContain(`<time datetime="${started}">${telstraTime}</time>`);
    expect(body).toContain('As it affects Telstra Hiptop customers in AU');
    expect(body).toContain('<a href="/incidents/both">All carriers</a>');
    expect(body).toMatch(/<option value="telstra-au" selected="">/);

    // Positive control: the every-carrier page keeps page order and the page's zone.
    const all = page('/incidents/both').body;
    expect(all.indexOf('T-Mobile Sidekick</a>')).toBeGreaterThan(-1);
    expect(all.indexOf('T-Mobile Sidekick</a>')).toBeLessThan(all.indexOf('Telstra Hiptop</a>'));
    expect(all).not.toContain(telstraTime);
    expect(all).not.toContain('All carriers</a>');
  });

  it('has no Telstra copy of an incident that never touched Telstra', () => {
    expect(page('/regions/telstra-au/incidents/us-only')).toMatchObject({ status: 404, found: false });
    expect(page('/regions/tmobile-us/incidents/us-only').status).toBe(200);
  });

  it("links from the carrier's page, header and history stay with the carrier", () => {
    const region = page('/regions/telstra-au').body;
    expect(region).toContain('href="/regions/telstra-au/incidents/both"');
    expect(region).toContain('href="/regions/telstra-au/history"');
    expect(region).toContain('href="/subscribe?region=telstra-au"');
    const history = page('/regions/telstra-au/history');
    expect(history.status).toBe(200);
    expect(history.body).toContain('href="/regions/telstra-au/incidents/both"');
    expect(history.body).not.toContain('Sidekick sync slow</a></h3>');
    expect(history.body).toContain('<a href="/history">All carriers</a>');
    expect(history.body.indexOf('id="h-r-telstra-au"')).toBeLessThan(history.body.indexOf('id="h-r-tmobile-us"'));
    expect(page('/history').body).toContain('Sidekick sync slow</a></h3>');
    expect(page(`/regions/telstra-au/history/${NOW.toISOString().slice(0, 7)}`).status).toBe(200);
  });

  it("puts the carrier in a notice's link, and that link is a page of the snapshot", () => {
    const url = incidentUrl('https://status.example.com', 'both', 'telstra-au');
    expect(url).toBe('https://status.example.com/regions/telstra-au/incidents/both');
    expect(page(new URL(url).pathname).status).toBe(200);
  });
});
