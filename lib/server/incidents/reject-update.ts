import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { parseInput } from '../validate';
import { ReviewUpdateInput } from './schemas';

/** Turns a waiting update down (its author may withdraw it too); nothing is published or mailed. */
export async function rejectUpdate({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<{ incidentId: string }> {
  assertRole(actor, 'responder');
  const { update_id, reason } = parseInput(ReviewUpdateInput, input);
  return db().$transaction(async (tx) => {
    const update = await tx.incidentUpdate.findUnique({ where: { id: update_id } });
    if (!update) throw notFound('update');
    const claimed = await tx.incidentUpdate.updateMany({ where: { id: update.id, state: 'pending_approval' }, data: { state: 'rejected' } });
    if (claimed.count !== 1) throw new AppError('conflict', 'This update is no longer waiting for approval.');
    await writeAudit(tx, actor, { action: 'incident_update.reject', objectType: 'incident_update', objectId: update.id, before: { state: 'pending_approval' }, after: { state: 'rejected', reason: reason ?? null } }, now);
    return { incidentId: update.incidentId };
  });
}
