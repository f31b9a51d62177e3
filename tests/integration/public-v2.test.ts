import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot, lookup, type Snapshot } from '@/lib/server/public/snapshot';
import { V2_PATHS } from '@/lib/server/public/v2';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/test-db';

// A consumer written against Atlassian Statuspage's v2 field list: what existing clients,
// widgets and aggregators read must be there, with Statuspage's vocabularies.

const NOW = new Date('2026-11-25T09:00:00Z');
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;
const COMPONENT_STATUS = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
const INDICATOR = ['none', 'minor', 'major', 'critical'];
const INCIDENT_STATUS = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'];
const MAINTENANCE_STATUS = ['scheduled', 'in_progress', 'verifying', 'completed'];

type Json = Record<string, unknown>;
const time = (v: unknown, nullable = true) => {
  if (v === null && nullable) return;
  expect(v).toMatch(ISO_WITH_OFFSET);
};

function checkPage(page: Json) {
  expect(Object.keys(page).sort()).toEqual(['id', 'name', 'time_zone', 'updated_at', 'url']);
  expect(typeof page.id).toBe('string');
  expect(typeof page.name).toBe('string');
  expect(page.url).toMatch(/^https?:\/\//);
  time(page.updated_at, false);
}

function checkComponent(c: Json) {
  for (const k of ['id', 'name', 'status', 'created_at', 'updated_at', 'position', 'description', 'showcase', 'start_date', 'group_id', 'page_id', 'group', 'only_show_if_degraded']) expect(c).toHaveProperty(k);
  expect(typeof c.id).toBe('string');
  expect(COMPONENT_STATUS).toContain(c.status);
  time(c.created_at, false);
  time(c.updated_at, false);
  expect(typeof c.position).toBe('number');
  expect(typeof c.showcase).toBe('boolean');
  expect(typeof c.group).toBe('boolean');
  expect(typeof c.only_show_if_degraded).toBe('boolean');
  if (c.group) expect(Array.isArray(c.components)).toBe(true);
  if (c.start_date !== null) expect(c.start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
}

function checkIncident(i: Json, maintenance: boolean) {
  for (const k of ['id', 'name', 'status', 'impact', 'shortlink', 'started_at', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at', 'page_id', 'components', 'incident_updates']) expect(i).toHaveProperty(k);
  expect(typeof i.id).toBe('string');
  expect(maintenance ? MAINTENANCE_STATUS : INCIDENT_STATUS).toContain(i.status);
  expect(INDICATOR).toContain(i.impact);
  expect(i.shortlink).toMatch(/^https?:\/\/.+\/incidents\//);
  for (const k of ['started_at', 'created_at', 'updated_at']) time(i[k], false);
  time(i.monitoring_at);
  time(i.resolved_at);
  expect(Array.isArray(i.components)).toBe(true);
  (i.components as Json[]).forEach(checkComponent);
  expect(Array.isArray(i.incident_updates)).toBe(true);
  for (const u of i.incident_updates as Json[]) {
    for (const k of ['id', 'status', 'body', 'incident_id', 'created_at', 'updated_at', 'display_at', 'affected_components', 'deliver_notifications']) expect(u).toHaveProperty(k);
    expect(u.incident_id).toBe(i.id);
    expect(typeof u.body).toBe('string');
    time(u.display_at, false);
    expect(typeof u.deliver_notifications).toBe('boolean');
    expect(Array.isArray(u.affected_components)).toBe(true);
    for (const a of u.affected_components as Json[]) {
      expect(Object.keys(a).sort()).toEqual(['code', 'name', 'new_status', 'old_status']);
      expect(COMPONENT_STATUS).toContain(a.new_status);
      expect(COMPONENT_STATUS).toContain(a.old_status);
    }
  }
  if (maintenance) {
    time(i.scheduled_for, false);
    time(i.scheduled_until);
  }
}

describe.each(DATABASE_KINDS)('Statuspage v2 JSON on %s', (kind) => {
  let t: TestDatabase;
  let snap: Snapshot;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    await loadDemo({ actor: cliActor, now: NOW });
    snap = buildSnapshot(await loadPublicModel(NOW), NOW);
  });
  afterAll(async () => {
    await t?.drop();
  });
  const get = (path: string, search = ''): Json => {
    const hit = lookup(snap, `/api/v2/${path}`, search);
    expect(hit?.entry.status).toBe(200);
    expect(hit?.entry.cors).toBe(true);
    return JSON.parse(hit!.entry.body.toString()) as Json;
  };

  it.each(['', 'region=telstra-au'])('every endpoint has page, the right arrays and vocabularies (%s)', (search) => {
    for (const path of V2_PATHS) {
      const body = get(path, search);
      checkPage(body.page as Json);
      if (path === 'summary.json') {
        for (const k of ['components', 'incidents', 'scheduled_maintenances']) expect(Array.isArray(body[k])).toBe(true);
        expect(INDICATOR).toContain((body.status as Json).indicator);
        expect(typeof (body.status as Json).description).toBe('string');
      }
      if (path === 'status.json') expect(Object.keys(body.status as Json).sort()).toEqual(['description', 'indicator']);
      if (body.components) (body.components as Json[]).forEach(checkComponent);
      if (body.incidents) (body.incidents as Json[]).forEach((i) => checkIncident(i, false));
      if (body.scheduled_maintenances) (body.scheduled_maintenances as Json[]).forEach((i) => checkIncident(i, true));
    }
  });

  it('reports the demo outage: critical, unresolved, with per-region extras', () => {
    const summary = get('summary.json');
    expect(summary.status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    const incidents = summary.incidents as Json[];
    expect(incidents.length).toBeGreaterThan(0);
    expect(incidents.every((i) => !['resolved', 'postmortem'].includes(i.status as string))).toBe(true);
    const contacts = (summary.components as Json[]).find((c) => c.name === 'Contacts')!;
    expect(contacts.status).toBe('major_outage');
    const regions = contacts.regions as Json[];
    expect(regions.find((r) => r.slug === 'telstra-au')).toMatchObject({ status: 'major_outage', data_state: 'lost' });
    expect(regions.find((r) => r.slug === 'rogers-ca')).toMatchObject({ status: 'operational', data_state: 'intact' });
    const groups = (summary.components as Json[]).filter((c) => c.group);
    expect(groups.length).toBeGreaterThan(0);
    expect((groups[0]!.components as string[]).length).toBeGreaterThan(0);
  });

  it('filters by region: Rogers customers see no outage', () => {
    const rogers = get('summary.json', 'region=rogers-ca');
    expect(rogers.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(rogers.incidents).toEqual([]);
    expect((rogers.region as Json).slug).toBe('rogers-ca');
    const telstra = get('incidents/unresolved.json', 'region=telstra-au');
    expect((telstra.incidents as Json[]).length).toBeGreaterThan(0);
  });

  it('lists upcoming maintenance and nothing active before it starts', () => {
    expect((get('scheduled-maintenances/upcoming.json').scheduled_maintenances as Json[]).map((m) => m.status)).toEqual(['scheduled']);
    expect(get('scheduled-maintenances/active.json').scheduled_maintenances).toEqual([]);
  });
});
