import { isoInZone } from '@/lib/domain/time';
import { worstStatus, type ComponentStatus, type PageStatus } from '@/lib/domain/status';
import { bodyForRegion } from '@/lib/domain/update-text';
import { markdownToSafeText, stripTags } from '../markdown';
import { affectsRegion, type Derived, type DerivedIncident } from './derive';
import type { PublicRegion } from './model';

// Atlassian Statuspage v2 bodies: same field names and vocabularies, every array present, times
// ISO 8601 with the page zone's offset, ids as strings. Candor's extras (regions, impacts,
// data states, snapshot) are additional fields that Statuspage clients ignore.

export const V2_PATHS = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
] as const;
export type V2Path = (typeof V2_PATHS)[number];

const INCIDENT_LIMIT = 50;

export function v2Bodies(d: Derived, region: PublicRegion | null, snapshot: { asOf: string; stale: boolean }): Record<V2Path, unknown> {
  const { model } = d;
  const tz = model.page.timeZone;
  const t = (iso: string | null): string | null => (iso ? isoInZone(new Date(iso), tz) : null);
  const pageId = model.page.id;
  const page = { id: pageId, name: model.page.name, url: model.page.url, time_zone: tz, updated_at: pageUpdatedAt(d) };
  const regionIds = region ? [region.id] : model.regions.map((r) => r.id);
  const status = statusOf(d, region);
  const componentStatus = (id: string): ComponentStatus => (region ? d.state.cell(id, region.id).status : d.state.component(id));
  const componentName = new Map(model.components.map((c) => [c.id, c.name]));

  const components = [
    ...model.groups.map((g) => {
      const children = model.components.filter((c) => c.groupId === g.id);
      return {
        id: g.id,
        name: g.name,
        status: worstStatus(children.map((c) => componentStatus(c.id))),
        created_at: t(g.createdAt),
        updated_at: t(g.updatedAt),
        position: g.position,
        description: g.description,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: pageId,
        group: true,
        only_show_if_degraded: false,
        components: children.map((c) => c.id),
      };
    }),
    ...model.components.map((c) => ({
      id: c.id,
      name: c.name,
      status: componentStatus(c.id),
      created_at: t(c.createdAt),
      updated_at: t(c.updatedAt),
      position: c.position,
      description: c.description,
      showcase: c.showcase,
      start_date: c.startDate ? c.startDate.slice(0, 10) : null,
      group_id: c.groupId,
      page_id: pageId,
      group: false,
      only_show_if_degraded: c.onlyShowIfDegraded,
      slug: c.slug,
      data_kind: c.dataKind,
      regions: regionIds.map((rid) => {
        const cell = d.state.cell(c.id, rid);
        return { id: rid, slug: model.regions.find((r) => r.id === rid)?.slug ?? rid, status: cell.status, data_state: cell.dataState, affected_users: cell.affectedUsers, restored_users: cell.restoredUsers };
      }),
    })),
  ];
  const componentJson = (id: string) => components.find((c) => c.id === id && !c.group);

  const incidentJson = (i: DerivedIncident) => {
    const regionFilter = (x: { regionId: string }) => !region || x.regionId === region.id;
    const previous = new Map<string, ComponentStatus>();
    const updates = i.updates.map((u) => {
      const named = new Map<string, ComponentStatus[]>();
      for (const x of u.impacts.filter(regionFilter)) named.set(x.componentId, [...(named.get(x.componentId) ?? []), x.status]);
      const affected = [...named].map(([code, statuses]) => {
        const next = worstStatus(statuses);
        const old = previous.get(code) ?? 'operational';
        previous.set(code, next);
        return { code, name: componentName.get(code) ?? code, old_status: old, new_status: next };
      });
      return {
        id: u.id,
        status: u.status,
        // A carrier's JSON reads its own text; the whole page's also lists each carrier's by slug.
        body: markdownToSafeText(bodyForRegion(u, region?.id)),
        ...(region ? {} : { bodies_by_region: Object.fromEntries(model.regions.filter((r) => u.bodies[r.id]).map((r) => [r.slug, markdownToSafeText(u.bodies[r.id]!)])) }),
        next_update_at: t(u.nextUpdateAt),
        incident_id: i.id,
        created_at: t(u.createdAt),
        updated_at: t(u.updatedAt),
        display_at: t(u.displayAt),
        affected_components: affected,
        deliver_notifications: u.deliverNotifications,
      };
    });
    const impactRows = i.impacts.filter(regionFilter);
    const base = {
      id: i.id,
      name: stripTags(i.title),
      status: i.current,
      impact: i.impact,
      shortlink: `${model.page.url}/incidents/${i.id}`,
      started_at: t(i.startedAt),
      created_at: t(i.createdAt),
      updated_at: t(i.updatedAt),
      monitoring_at: t(i.monitoringAt),
      resolved_at: t(i.resolvedAt),
      next_update_at: t(i.nextUpdateAt),
      page_id: pageId,
      components: [...new Set(impactRows.map((x) => x.componentId))].map(componentJson).filter((c) => c !== undefined),
      incident_updates: [...updates].reverse(),
      kind: i.kind,
      postmortem_body: i.postmortemBody === null ? null : markdownToSafeText(i.postmortemBody),
      postmortem_published_at: t(i.postmortemPublishedAt),
      impacts: impactRows.map((x) => ({
        component_id: x.componentId,
        region_id: x.regionId,
        region_slug: model.regions.find((r) => r.id === x.regionId)?.slug ?? x.regionId,
        status: x.status,
        data_state: x.dataState,
        affected_users: x.affectedUsers,
        restored_users: x.restoredUsers,
      })),
    };
    return i.isMaintenance ? { ...base, scheduled_for: t(i.scheduledFor), scheduled_until: t(i.scheduledUntil) } : base;
  };

  const visible = d.incidents.filter((i) => !region || affectsRegion(i, region.id));
  const incidents = visible.filter((i) => !i.isMaintenance);
  const maintenances = visible.filter((i) => i.isMaintenance).sort((a, b) => (b.scheduledFor ?? b.startedAt).localeCompare(a.scheduledFor ?? a.startedAt));
  const unresolved = incidents.filter((i) => i.active).map(incidentJson);
  const upcoming = maintenances.filter((m) => m.maintenance === 'scheduled').map(incidentJson);
  const active = maintenances.filter((m) => m.maintenance === 'in_progress' || m.maintenance === 'verifying').map(incidentJson);
  const statusJson = { indicator: status.indicator, description: status.description };
  const extras = {
    regions: model.regions.map((r) => ({ id: r.id, slug: r.slug, name: r.name, carrier: r.carrier, product: r.product, market: r.market, time_zone: r.timeZone, status: d.regionStatus.get(r.id) ?? d.status })),
    ...(region ? { region: { id: region.id, slug: region.slug, name: region.name, carrier: region.carrier, product: region.product, time_zone: region.timeZone } } : {}),
    snapshot: { as_of: t(snapshot.asOf), stale: snapshot.stale },
  };
  return {
    'summary.json': { page, components, incidents: unresolved, scheduled_maintenances: [...active, ...upcoming], status: statusJson, ...extras },
    'status.json': { page, status: statusJson, ...extras },
    'components.json': { page, components, ...extras },
    'incidents.json': { page, incidents: incidents.slice(0, INCIDENT_LIMIT).map(incidentJson), ...extras },
    'incidents/unresolved.json': { page, incidents: unresolved, ...extras },
    'scheduled-maintenances.json': { page, scheduled_maintenances: maintenances.slice(0, INCIDENT_LIMIT).map(incidentJson), ...extras },
    'scheduled-maintenances/upcoming.json': { page, scheduled_maintenances: upcoming, ...extras },
    'scheduled-maintenances/active.json': { page, scheduled_maintenances: active, ...extras },
  };
}

const pageUpdatedAt = (d: Derived): string => isoInZone(new Date(latestChange(d)), d.model.page.timeZone);
const statusOf = (d: Derived, region: PublicRegion | null): PageStatus => (region ? (d.regionStatus.get(region.id) ?? d.status) : d.status);

/** The JSON a public page polls to learn whether it changed (status.json, the carrier's for its pages). */
export const refreshSource = (region: PublicRegion | null): string => `/api/v2/status.json${region ? `?region=${region.slug}` : ''}`;

/**
 * What the page's script compares (lib/server/public/views/script.ts builds the same string from
 * refreshSource's JSON): any public change, the status sentence, and whether the data is stale.
 */
export function refreshKey(d: Derived, region: PublicRegion | null, stale: boolean): string {
  const s = statusOf(d, region);
  return [pageUpdatedAt(d), s.indicator, s.description, String(stale)].join('|');
}

/** The latest moment anything public changed. */
export function latestChange(d: Derived): string {
  let latest = d.model.page.updatedAt;
  for (const x of [...d.model.components, ...d.model.groups]) if (x.updatedAt > latest) latest = x.updatedAt;
  for (const i of d.model.incidents) {
    if (i.updatedAt > latest) latest = i.updatedAt;
    for (const u of i.updates) if (u.updatedAt > latest) latest = u.updatedAt;
  }
  return latest;
}
