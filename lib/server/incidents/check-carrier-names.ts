import { z } from 'zod';
import { carrierNameWarnings, describeCarrierWarning } from '@/lib/domain/update-text';
import { db } from '../db';
import { parseInput } from '../validate';
import { resolveRegionBodies } from './resolve-impacts';
import { BodiesByRegion, ImpactList } from './schemas';

const CheckInput = z.object({
  incident_id: z.string().min(1).max(64).optional(),
  body: z.string().max(20_000).default(''),
  bodies_by_region: BodiesByRegion,
  impacts: ImpactList.default([]),
});

/**
 * Before publishing: the sentences warning that a text names another carrier or product than
 * its readers' (empty when none). The affected regions are those the form marks plus those the
 * incident already affects.
 */
export async function checkCarrierNames(input: unknown): Promise<string[]> {
  const data = parseInput(CheckInput, input);
  const client = db();
  const [regions, current, bodies] = await Promise.all([
    client.region.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true, slug: true, name: true, carrier: true, product: true } }),
    data.incident_id ? client.incidentImpact.findMany({ where: { incidentId: data.incident_id }, select: { regionId: true } }) : Promise.resolve([]),
    resolveRegionBodies(client, data.bodies_by_region),
  ]);
  const idOf = new Map(regions.flatMap((r) => [[r.slug, r.id] as const, [r.id, r.id] as const]));
  const affected = new Set([...current.map((c) => c.regionId), ...data.impacts.map((i) => idOf.get(i.region)).filter((id) => id !== undefined)]);
  const warnings = carrierNameWarnings({ body: data.body, bodiesByRegionId: bodies, affectedRegionIds: regions.filter((r) => affected.has(r.id)).map((r) => r.id), regions });
  return warnings.map((w) => describeCarrierWarning(w, regions));
}
