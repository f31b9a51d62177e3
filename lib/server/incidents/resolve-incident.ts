import { closingStatus, isClosedStatus, resolutionChanges } from '@/lib/domain/incident-lifecycle';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { publishChange } from '../changes';
import { db } from '../db';
import { AppError } from '../errors';
import { parseInput } from '../validate';
import { bumpIncidentVersion } from './bump-version';
import { currentImpacts } from './recompute-incident';
import { resolveImpacts, resolveRegionBodies } from './resolve-impacts';
import { ResolveIncidentInput } from './schemas';
import { writeUpdate, type WrittenUpdate } from './write-update';
import { logger } from '../log/logger';

/** Resolves an incident, or completes (or, while still scheduled, cancels) maintenance: a closing update that returns every affected cell to operational. */
export async function resolveIncident({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<WrittenUpdate & { version: number }> {
  assertRole(actor, 'responder');
  const data = parseInput(ResolveIncidentInput, input);
  const result = await db().$transaction(async (tx) => {
    const locked = await bumpIncidentVersion(tx, data.incident_id, data.version);
    if (isClosedStatus(locked.status)) throw new AppError('conflict', 'This incident is already resolved.');
    const explicit = await resolveImpacts(tx, data.impacts);
    if (explicit.some((c) => c.dataState === 'lost')) throw new AppError('validation', 'impacts: declare data lost in an update (it needs approval), not while resolving', 'impacts');
    const changes = resolutionChanges(await currentImpacts(tx, data.incident_id), explicit);
    const status = closingStatus(locked.kind);
    const body = data.body || (locked.kind !== 'maintenance' ? 'This incident has been resolved.' : locked.status === 'scheduled' ? 'This maintenance is cancelled.' : 'The maintenance is complete.');
    const regionBodies = await resolveRegionBodies(tx, data.bodies_by_region);
    const update = await writeUpdate(tx, { incidentId: data.incident_id, kind: locked.kind, actor, status, body, regionBodies, changes, deliverNotifications: data.deliver_notifications, displayAt: now, isFirst: false, now });
    return { ...update, version: locked.version };
  });
  await publishChange(`incident:${data.incident_id}`).catch((e: unknown) => logger('server').warn({ err: e }, 'publishChange failed'));
  return result;
}
