import { createHash, randomBytes } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Db } from '@/lib/server/db';
import type { SinkMessage } from '@/lib/mail/sink';

// A small Sidekick-week scenario for the notifier's integration tests: two carriers, three
// services, one incident with data lost, and helpers to add subscribers and read mail.

export interface Scenario {
  regions: { tmobile: string; telstra: string; rogers: string };
  components: { contacts: string; calendar: string; photos: string };
  incidentId: string;
}

export async function createScenario(db: Db): Promise<Scenario> {
  const tmobile = await db.region.create({ data: { slug: 'tmobile-us', name: 'United States', carrier: 'T-Mobile', product: 'Sidekick', market: 'US', timeZone: 'America/Los_Angeles', locale: 'en-US', position: 0, accentColor: '#e20074' } });
  const telstra = await db.region.create({ data: { slug: 'telstra-au', name: 'Australia', carrier: 'Telstra', product: 'Hiptop', market: 'AU', timeZone: 'Australia/Sydney', locale: 'en-AU', position: 1, accentColor: '#0064d2' } });
  const rogers = await db.region.create({ data: { slug: 'rogers-ca', name: 'Canada', carrier: 'Rogers', product: 'Sidekick', market: 'CA', timeZone: 'America/Toronto', locale: 'en-CA', position: 2 } });
  const contacts = await db.component.create({ data: { slug: 'contacts', name: 'Contacts', position: 0 } });
  const calendar = await db.component.create({ data: { slug: 'calendar', name: 'Calendar', position: 1 } });
  const photos = await db.component.create({ data: { slug: 'photos', name: 'Photos', position: 2 } });
  const incident = await db.incident.create({
    data: {
      title: 'Personal data unavailable',
      kind: 'data_loss',
      impact: 'critical',
      startedAt: new Date('2009-10-02T09:30:00Z'),
      impacts: {
        create: [
          { componentId: contacts.id, regionId: tmobile.id, dataState: 'lost', affectedUsers: 800_000, restoredUsers: 0 },
          { componentId: calendar.id, regionId: tmobile.id, dataState: 'recovering', affectedUsers: 600_000, restoredUsers: 250_000 },
          { componentId: contacts.id, regionId: telstra.id, dataState: 'lost', affectedUsers: 12_000 },
          { componentId: photos.id, regionId: telstra.id, dataState: 'at_risk', affectedUsers: 3_000 },
        ],
      },
    },
  });
  return { regions: { tmobile: tmobile.id, telstra: telstra.id, rogers: rogers.id }, components: { contacts: contacts.id, calendar: calendar.id, photos: photos.id }, incidentId: incident.id };
}

/** The demo's T-Mobile Deutschland (German, Berlin), after the scenario's three carriers; returns its id. */
export async function createGermanRegion(db: Db): Promise<string> {
  const region = await db.region.create({ data: { slug: 'tmobile-de', name: 'Deutschland', carrier: 'T-Mobile', product: 'Sidekick', market: 'DE', timeZone: 'Europe/Berlin', locale: 'de-DE', position: 3 } });
  return region.id;
}

export interface SubscriberSpec {
  email: string;
  regionIds?: string[];
  componentIds?: string[];
  timeZone?: string;
  noticeKinds?: string;
  confirmed?: boolean;
  /** The subscriber's language (Subscriber.locale); the schema's default when unset. */
  locale?: string;
}

/** Confirmed subscribers straight into the database (the import service is tested on its own). */
export async function addSubscribers(db: Db, specs: SubscriberSpec[]): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date();
  for (let i = 0; i < specs.length; i += 1000) {
    const chunk = specs.slice(i, i + 1000).map((s) => {
      const id = `sub_${randomBytes(10).toString('hex')}`;
      ids.push(id);
      return {
        id,
        email: s.email,
        key: s.email,
        timeZone: s.timeZone ?? 'UTC',
        ...(s.locale === undefined ? {} : { locale: s.locale }),
        allRegions: !s.regionIds,
        allComponents: !s.componentIds,
        noticeKinds: s.noticeKinds ?? '',
        source: 'test',
        confirmedAt: s.confirmed === false ? null : now,
        manageTokenHash: createHash('sha256').update(id).digest('hex'),
      };
    });
    await db.subscriber.createMany({ data: chunk });
  }
  const regionRows = specs.flatMap((s, i) => (s.regionIds ?? []).map((regionId) => ({ subscriberId: ids[i]!, regionId })));
  const componentRows = specs.flatMap((s, i) => (s.componentIds ?? []).map((componentId) => ({ subscriberId: ids[i]!, componentId })));
  if (regionRows.length) await db.subscriberRegion.createMany({ data: regionRows });
  if (componentRows.length) await db.subscriberComponent.createMany({ data: componentRows });
  return ids;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function parse(m: SinkMessage): Promise<ParsedMail> {
  return simpleParser(m.raw);
}

/** The raw header block of a message, unfolded lines kept as they are. */
export function rawHeaders(m: SinkMessage): string {
  return m.raw.toString('utf8').split('\r\n\r\n')[0] ?? '';
}
