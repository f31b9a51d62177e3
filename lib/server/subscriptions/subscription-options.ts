import { db } from '../db';

export interface SubscriptionOptions {
  brand: string;
  regions: { slug: string; name: string; carrier: string; product: string }[];
  components: { slug: string; name: string; group: string | null }[];
}

/** What the subscribe and manage forms offer: every region (carrier) and every service. */
export async function subscriptionOptions(): Promise<SubscriptionOptions> {
  const [settings, regions, components] = await Promise.all([
    db().pageSettings.findUnique({ where: { id: 1 } }),
    db().region.findMany({ orderBy: [{ position: 'asc' }, { slug: 'asc' }], select: { slug: true, name: true, carrier: true, product: true } }),
    db().component.findMany({ orderBy: [{ group: { position: 'asc' } }, { position: 'asc' }, { name: 'asc' }], select: { slug: true, name: true, group: { select: { name: true } } } }),
  ]);
  return { brand: settings?.name ?? 'Candor status', regions, components: components.map((c) => ({ slug: c.slug, name: c.name, group: c.group?.name ?? null })) };
}
