import type { ImpactValue } from '@/lib/domain/incident-lifecycle';
import { nonEmptyBodies } from '@/lib/domain/update-text';
import type { Tx } from '../db';
import { AppError } from '../errors';
import type { ImpactInput } from './schemas';

/** Turns API/console impacts (component and region by id or slug) into cells with ids; unknown ones are a 422 naming the field. */
export async function resolveImpacts(tx: Tx, impacts: ImpactInput[], field = 'impacts'): Promise<ImpactValue[]> {
  if (impacts.length === 0) return [];
  const componentRefs = [...new Set(impacts.map((i) => i.component))];
  const regionRefs = [...new Set(impacts.map((i) => i.region))];
  const [components, regions] = await Promise.all([
    tx.component.findMany({ where: { OR: [{ id: { in: componentRefs } }, { slug: { in: componentRefs } }] }, select: { id: true, slug: true } }),
    tx.region.findMany({ where: { OR: [{ id: { in: regionRefs } }, { slug: { in: regionRefs } }] }, select: { id: true, slug: true } }),
  ]);
  const componentId = new Map<string, string>();
  for (const c of components) componentId.set(c.id, c.id).set(c.slug, c.id);
  const regionId = new Map<string, string>();
  for (const r of regions) regionId.set(r.id, r.id).set(r.slug, r.id);
  const seen = new Set<string>();
  return impacts.map((i, index) => {
    const c = componentId.get(i.component);
    if (!c) throw new AppError('validation', `${field}.${index}.component: no component "${i.component}"`, `${field}.${index}.component`);
    const r = regionId.get(i.region);
    if (!r) throw new AppError('validation', `${field}.${index}.region: no region "${i.region}"`, `${field}.${index}.region`);
    const key = `${c}/${r}`;
    if (seen.has(key)) throw new AppError('validation', `${field}.${index}: ${i.component} in ${i.region} is listed twice`, `${field}.${index}`);
    seen.add(key);
    return { componentId: c, regionId: r, status: i.status, dataState: i.data_state, affectedUsers: i.affected_users, restoredUsers: i.restored_users };
  });
}

/** Turns per-region texts keyed by region slug into texts keyed by region id, dropping empty ones; an unknown slug is a 422 naming it. */
export async function resolveRegionBodies(tx: Tx, bodies: Record<string, string>, field = 'bodies_by_region'): Promise<Record<string, string>> {
  const given = nonEmptyBodies(bodies);
  const slugs = Object.keys(bodies);
  if (slugs.length === 0) return {};
  const regions = await tx.region.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
  const idOf = new Map(regions.map((r) => [r.slug, r.id]));
  const unknown = slugs.find((s) => !idOf.has(s));
  if (unknown !== undefined) throw new AppError('validation', `${field}.${unknown}: no region "${unknown}"`, `${field}.${unknown}`);
  return Object.fromEntries(Object.entries(given).map(([slug, body]) => [idOf.get(slug)!, body]));
}
