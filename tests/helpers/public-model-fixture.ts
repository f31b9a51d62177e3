import type { PublicIncident, PublicModel, PublicUpdate } from '@/lib/server/public/model';

// A small public model for the format tests (feeds, iCalendar): one component, one region,
// incidents given by the test. Times are ISO strings, as the snapshot has them.

export const iso = (base: Date, hours: number) => new Date(base.getTime() + hours * 3_600_000).toISOString();

export function update(id: string, status: PublicUpdate['status'], at: string, body = `Update ${id}`): PublicUpdate {
  return { id, status, body, bodies: {}, nextUpdateAt: null, displayAt: at, createdAt: at, updatedAt: at, deliverNotifications: false, impacts: [] };
}

export function incident(fields: Partial<PublicIncident> & Pick<PublicIncident, 'id' | 'title' | 'startedAt' | 'createdAt' | 'updates'>): PublicIncident {
  const latest = fields.updates[fields.updates.length - 1];
  return {
    kind: 'outage',
    status: latest?.status ?? 'investigating',
    impact: 'minor',
    identifiedAt: null,
    monitoringAt: null,
    resolvedAt: null,
    scheduledFor: null,
    scheduledUntil: null,
    autoTransition: true,
    postmortemBody: null,
    postmortemPublishedAt: null,
    updatedAt: latest?.createdAt ?? fields.createdAt,
    impacts: [],
    ...fields,
  };
}

export function publicModel(now: Date, incidents: PublicIncident[]): PublicModel {
  const at = iso(now, -24 * 30);
  return {
    page: { id: 'page', name: 'Sidekick Status', url: 'https://status.example.com', timeZone: 'UTC', supportUrl: null, brandColor: '#1f4fd1', logoText: null, footerText: null, updatedAt: at },
    groups: [],
    components: [{ id: 'c1', slug: 'contacts', name: 'Contacts', description: null, groupId: null, position: 0, status: 'operational', dataKind: 'contacts', showcase: false, onlyShowIfDegraded: false, startDate: null, createdAt: at, updatedAt: at }],
    regions: [{ id: 'r1', slug: 'telstra-au', name: 'Telstra Australia', carrier: 'Telstra', product: 'Hiptop', market: 'AU', locale: 'en-AU', languages: '', timeZone: 'Australia/Sydney', estimatedUsers: 1000, accentColor: '#1f4fd1', supportUrl: null, position: 0 }],
    incidents,
    loadedAt: now.toISOString(),
  };
}
