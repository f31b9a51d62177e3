import type { IncidentStatus } from '@/lib/domain/status';
import { hasRole, type Actor } from '../actor';
import { db } from '../db';
import { forbidden } from '../errors';

/** Incidents a notice can be about: the newest first, open ones before closed. */
export async function noticeTargets({ actor }: { actor: Actor }): Promise<{ id: string; title: string; status: IncidentStatus; kind: string; startedAt: Date }[]> {
  if (!hasRole(actor, 'viewer')) throw forbidden();
  return db().incident.findMany({ orderBy: { startedAt: 'desc' }, take: 100, select: { id: true, title: true, status: true, kind: true, startedAt: true } });
}

/** Renderings of a prepared notice (what was actually sent per region). */
export async function noticeRenderings({ actor, id }: { actor: Actor; id: string }) {
  if (!hasRole(actor, 'viewer')) throw forbidden();
  return db().noticeRendering.findMany({ where: { noticeId: id }, include: { region: { select: { slug: true, name: true, carrier: true, product: true, timeZone: true, locale: true, position: true } } }, orderBy: [{ region: { position: 'asc' } }, { lang: 'asc' }] });
}
