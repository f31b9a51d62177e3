import { mayApprove } from '@/lib/domain/incident-lifecycle';
import { wakeWorkers } from '@/lib/jobs/wake';
import { hasRole, type Actor } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { AppError, conflict, forbidden, notFound } from '../errors';
import { approverRequired, noFirstPerson } from '../incidents/author';

/**
 * The two-person rule for data-loss notices: the approver must be a staff member (a session, or
 * a token acting for a user) other than the one who created the notice.
 */
export async function approveNotice({ actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }): Promise<{ id: string; status: string }> {
  if (!hasRole(actor, 'responder')) throw forbidden();
  if (!actor.userId) throw approverRequired('a data-loss notice');
  await db().$transaction(async (tx) => {
    const notice = await tx.notice.findUnique({ where: { id } });
    if (!notice) throw notFound('notice');
    if (notice.status !== 'pending_approval') throw conflict(`the notice is ${notice.status}, not waiting for approval`);
    if (!notice.createdById) throw noFirstPerson('This data-loss notice');
    if (!mayApprove(notice.createdById, actor.userId)) throw new AppError('forbidden', 'a second staff member must approve a data-loss notice; you created this one');
    const changed = await tx.notice.updateMany({ where: { id, status: 'pending_approval' }, data: { status: 'queued', approvedById: actor.userId, approvedAt: now, queuedAt: now, version: { increment: 1 } } });
    if (changed.count === 0) throw conflict('the notice changed meanwhile; reload');
    await writeAudit(tx, actor, { action: 'notice.approve', objectType: 'notice', objectId: id, before: { status: 'pending_approval' }, after: { status: 'queued' } }, now);
  });
  await wakeWorkers('notice approved');
  return { id, status: 'queued' };
}
