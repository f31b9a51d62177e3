import { isClosedStatus } from '@/lib/domain/incident-lifecycle';
import { currentPromise } from '@/lib/domain/update-text';
import { readTranslations } from '@/lib/domain/translations';
import type { IncidentDetail } from './get-incident';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A translation's region texts (stored by region id) keyed by slug; only regions with their own text have one. */
function slugKeyed(own: readonly { regionId: string; region: { slug: string } }[], byId: Record<string, string>): Record<string, string> {
  return Object.fromEntries(own.filter((b) => byId[b.regionId] !== undefined).map((b) => [b.region.slug, byId[b.regionId]!]));
}

/** The /api/v1 shape of an incident: Statuspage's field names, plus per-region impacts and data states. */
export function incidentJson(i: IncidentDetail) {
  return {
    id: i.id,
    name: i.title,
    kind: i.kind,
    status: i.status,
    impact: i.impact,
    version: i.version,
    started_at: iso(i.startedAt),
    identified_at: iso(i.identifiedAt),
    monitoring_at: iso(i.monitoringAt),
    resolved_at: iso(i.resolvedAt),
    scheduled_for: iso(i.scheduledFor),
    scheduled_until: iso(i.scheduledUntil),
    auto_transition: i.autoTransition,
    remind_before_minutes: i.remindBeforeMinutes,
    next_update_at: iso(currentPromise(i.updates.filter((u) => u.state === 'published'), isClosedStatus(i.status))),
    postmortem_body: i.postmortemBody,
    postmortem_published_at: iso(i.postmortemPublishedAt),
    translations: readTranslations('incident', i.translations),
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    impacts: i.impacts.map((m) => ({ component: m.component.slug, region: m.region.slug, status: m.status, data_state: m.dataState, affected_users: m.affectedUsers, restored_users: m.restoredUsers })),
    incident_updates: i.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      bodies_by_region: Object.fromEntries(u.regionBodies.map((b) => [b.region.slug, b.body])),
      lang: u.lang,
      translations: u.translations.map((t) => ({ lang: t.lang, body: t.body, bodies_by_region: slugKeyed(u.regionBodies, JSON.parse(t.bodiesByRegion) as Record<string, string>) })),
      next_update_at: iso(u.nextUpdateAt),
      state: u.state,
      author: u.authorName,
      approved_by: u.approvedBy?.name ?? null,
      display_at: iso(u.displayAt),
      created_at: iso(u.createdAt),
      deliver_notifications: u.deliverNotifications,
      impacts: u.impactChanges.map((m) => ({ component: m.component.slug, region: m.region.slug, status: m.status, data_state: m.dataState, affected_users: m.affectedUsers, restored_users: m.restoredUsers })),
    })),
  };
}
