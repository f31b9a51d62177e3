import type { IncidentKind, IncidentStatus } from '@/lib/generated/postgresql/enums';
import type { Tx } from '../db';
import { AppError, notFound } from '../errors';

export const STALE_MESSAGE = 'This incident was changed by someone else since you opened it. Reload to see their change, then try again.';

/**
 * Optimistic lock: moves the incident from `expected` (or its current version) to the next one,
 * failing with a 409 when someone else got there first. Returns the new version.
 */
export async function bumpIncidentVersion(tx: Tx, incidentId: string, expected?: number): Promise<{ version: number; kind: IncidentKind; status: IncidentStatus }> {
  const current = await tx.incident.findUnique({ where: { id: incidentId }, select: { version: true, kind: true, status: true } });
  if (!current) throw notFound('incident');
  const from = expected ?? current.version;
  if (from !== current.version) throw new AppError('conflict', STALE_MESSAGE, 'version', { currentVersion: current.version });
  const result = await tx.incident.updateMany({ where: { id: incidentId, version: from }, data: { version: { increment: 1 } } });
  if (result.count !== 1) throw new AppError('conflict', STALE_MESSAGE, 'version');
  return { version: from + 1, kind: current.kind, status: current.status };
}
