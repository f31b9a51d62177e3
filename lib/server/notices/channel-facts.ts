import { bodyForRegion } from '@/lib/domain/update-text';
import type { ChannelNoticeFacts, ComponentUpdate, RegionImpact, StatuspageIncident } from '@/lib/channels/channel-notice';
import { publicBaseUrl } from '@/lib/mail/send';
import { db } from '../db';
import { DEFAULT_PAGE_NAME } from '@/lib/domain/page-defaults';

// The facts a region's channel notice carries beside its words: the incident in Statuspage's
// webhook shape (its published updates in that region's words), the region's impacts with their
// data states, and the component change the prompting update made there, if any.

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const STATUS_DESCRIPTION: Record<string, string> = { none: 'All Systems Operational', minor: 'Minor Service Outage', major: 'Partial System Outage', critical: 'Major System Outage' };

/**
 * The cell's status as the published updates before `updateId` left it (they are newest first),
 * or null when none of them touched it (it then had the component's own status).
 */
export function statusBefore(updates: readonly { id: string; impactChanges: readonly { componentId: string; regionId: string; status: string }[] }[], updateId: string, cell: { componentId: string; regionId: string }): string | null {
  const at = updates.findIndex((u) => u.id === updateId);
  for (const u of updates.slice(at + 1)) {
    const c = u.impactChanges.find((x) => x.componentId === cell.componentId && x.regionId === cell.regionId);
    if (c) return c.status;
  }
  return null;
}

export async function channelFactsByRegion(input: { noticeId: string; incidentId: string; updateId: string | null }): Promise<Map<string, ChannelNoticeFacts>> {
  const [incident, settings, base] = await Promise.all([
    db().incident.findUniqueOrThrow({
      where: { id: input.incidentId },
      include: {
        impacts: { include: { component: true, region: true } },
        updates: { where: { state: 'published' }, orderBy: [{ displayAt: 'desc' }, { createdAt: 'desc' }], take: 50, include: { regionBodies: true, impactChanges: { include: { component: true } } } },
      },
    }),
    db().pageSettings.findUnique({ where: { id: 1 } }),
    publicBaseUrl(),
  ]);
  const closed = incident.resolvedAt !== null;
  const indicator = closed ? 'none' : incident.impact;
  const page = { id: new URL(base).host, name: settings?.name ?? DEFAULT_PAGE_NAME, url: base, status_indicator: indicator, status_description: STATUS_DESCRIPTION[indicator] ?? indicator };
  const prompting = input.updateId ? incident.updates.find((u) => u.id === input.updateId) : undefined;
  const out = new Map<string, ChannelNoticeFacts>();
  for (const region of new Map(incident.impacts.map((i) => [i.regionId, i.region])).values()) {
    const shaped: StatuspageIncident = {
      id: incident.id,
      name: incident.title,
      status: incident.status,
      impact: incident.impact,
      created_at: incident.createdAt.toISOString(),
      updated_at: incident.updatedAt.toISOString(),
      started_at: incident.startedAt.toISOString(),
      resolved_at: iso(incident.resolvedAt),
      shortlink: `${base}/regions/${encodeURIComponent(region.slug)}/incidents/${encodeURIComponent(incident.id)}`,
      incident_updates: incident.updates.map((u) => ({
        id: u.id,
        incident_id: incident.id,
        status: u.status,
        body: bodyForRegion({ body: u.body, bodies: Object.fromEntries(u.regionBodies.map((b) => [b.regionId, b.body])) }, region.id),
        created_at: u.createdAt.toISOString(),
        updated_at: u.updatedAt.toISOString(),
        display_at: u.displayAt.toISOString(),
      })),
    };
    const impacts: RegionImpact[] = incident.impacts
      .filter((i) => i.regionId === region.id)
      .map((i) => ({ component_id: i.componentId, component: i.component.name, status: i.status, data_state: i.dataState, affected_users: i.affectedUsers, restored_users: i.restoredUsers }));
    const change = prompting?.impactChanges.find((c) => c.regionId === region.id);
    const componentUpdate: ComponentUpdate | null = change
      ? {
          id: change.id,
          component_id: change.componentId,
          created_at: prompting!.createdAt.toISOString(),
          new_status: change.status,
          old_status: statusBefore(incident.updates, prompting!.id, change) ?? change.component.status,
          component: { id: change.componentId, name: change.component.name, status: change.status, created_at: change.component.createdAt.toISOString() },
        }
      : null;
    out.set(region.id, { noticeId: input.noticeId, region: { slug: region.slug, url: `${base}/regions/${encodeURIComponent(region.slug)}` }, page, incident: shaped, impacts, componentUpdate });
  }
  return out;
}
