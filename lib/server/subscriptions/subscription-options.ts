import { db } from '../db';

export interface SubscriptionOptions {
  brand: string;
  /** The page's own zone: what a subscriber with no carrier in mind and no JavaScript starts with. */
  timeZone: string;
  regions: { slug: string; name: string; carrier: string; product: string; timeZone: string; locale: string; languages: string }[];
  components: { slug: string; name: string; group: string | null }[];
  /** Every IANA zone this server knows, UTC first, for the time zone select. */
  timeZones: string[];
}

let zones: string[] | null = null;
const allZones = (): string[] => (zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')]);

/** What the subscribe and manage forms offer: every region (carrier), every service and every zone. */
export async function subscriptionOptions(): Promise<SubscriptionOptions> {
  const [settings, regions, components] = await Promise.all([
    db().pageSettings.findUnique({ where: { id: 1 } }),
    db().region.findMany({ orderBy: [{ position: 'asc' }, { slug: 'asc' }], select: { slug: true, name: true, carrier: true, product: true, timeZone: true, locale: true, languages: true } }),
    db().component.findMany({ orderBy: [{ group: { position: 'asc' } }, { position: 'asc' }, { name: 'asc' }], select: { slug: true, name: true, group: { select: { name: true } } } }),
  ]);
  return {
    brand: settings?.name ?? 'Candor status',
    timeZone: settings?.timeZone ?? 'UTC',
    regions,
    components: components.map((c) => ({ slug: c.slug, name: c.name, group: c.group?.name ?? null })),
    timeZones: allZones(),
  };
}
