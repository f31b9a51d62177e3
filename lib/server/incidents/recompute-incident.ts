import { deriveIncidentState, type ImpactValue } from '@/lib/domain/incident-lifecycle';
import type { IncidentStatus } from '@/lib/generated/postgresql/enums';
import type { Tx } from '../db';

/**
 * Re-derives the cached columns (status, identifiedAt, monitoringAt, resolvedAt) and the current
 * impact rows from the incident's published updates, inside the caller's transaction.
 */
export async function recomputeIncident(tx: Tx, incidentId: string): Promise<{ status: IncidentStatus; impacts: ImpactValue[] }> {
  const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId }, include: { updates: { include: { impactChanges: true } }, impacts: true } });
  const fallback: IncidentStatus = incident.kind === 'maintenance' ? 'scheduled' : 'investigating';
  const derived = deriveIncidentState(
    incident.updates.map((u) => ({ status: u.status, state: u.state, displayAt: u.displayAt, createdAt: u.createdAt, impactChanges: u.impactChanges })),
    fallback,
  );
  await tx.incident.update({
    where: { id: incidentId },
    data: { status: derived.status, identifiedAt: derived.identifiedAt, monitoringAt: derived.monitoringAt, resolvedAt: derived.resolvedAt },
  });
  const wanted = new Map(derived.impacts.map((i) => [`${i.componentId}/${i.regionId}`, i]));
  for (const existing of incident.impacts) {
    const key = `${existing.componentId}/${existing.regionId}`;
    const next = wanted.get(key);
    if (!next) await tx.incidentImpact.delete({ where: { id: existing.id } });
    else {
      wanted.delete(key);
      const same = existing.status === next.status && existing.dataState === next.dataState && existing.affectedUsers === next.affectedUsers && existing.restoredUsers === next.restoredUsers;
      if (!same) await tx.incidentImpact.update({ where: { id: existing.id }, data: { status: next.status, dataState: next.dataState, affectedUsers: next.affectedUsers, restoredUsers: next.restoredUsers } });
    }
  }
  for (const i of wanted.values()) await tx.incidentImpact.create({ data: { incidentId, ...i } });
  return { status: derived.status, impacts: derived.impacts };
}

/** The impacts currently in force (what the published timeline adds up to). */
export async function currentImpacts(tx: Tx, incidentId: string): Promise<ImpactValue[]> {
  const rows = await tx.incidentImpact.findMany({ where: { incidentId } });
  return rows.map((r) => ({ componentId: r.componentId, regionId: r.regionId, status: r.status, dataState: r.dataState, affectedUsers: r.affectedUsers, restoredUsers: r.restoredUsers }));
}
