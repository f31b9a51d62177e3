import { db } from '../db';
import { notFound } from '../errors';

/** One incident with its whole timeline (pending and rejected updates too), for staff. */
export async function getIncident(id: string) {
  const incident = await db().incident.findUnique({
    where: { id },
    include: {
      impacts: { include: { component: { select: { id: true, slug: true, name: true } }, region: { select: { id: true, slug: true, name: true, carrier: true, product: true } } } },
      updates: {
        orderBy: [{ displayAt: 'desc' }, { createdAt: 'desc' }],
        include: { impactChanges: { include: { component: { select: { slug: true, name: true } }, region: { select: { slug: true, carrier: true, product: true } } } }, regionBodies: { include: { region: { select: { id: true, slug: true, carrier: true, product: true, position: true } } } }, translations: { orderBy: { lang: 'asc' } }, approvedBy: { select: { name: true } } },
      },
      createdBy: { select: { name: true } },
    },
  });
  if (!incident) throw notFound('incident');
  return incident;
}
export type IncidentDetail = Awaited<ReturnType<typeof getIncident>>;
