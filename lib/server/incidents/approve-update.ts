import { isClosedStatus, mayApprove, noticeKindFor } from '@/lib/domain/incident-lifecycle';
import { INCIDENT_STATUS_LABEL } from '@/lib/domain/status';
import type { IncidentStatus } from '@/lib/generated/postgresql/enums';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { queueNotice } from '../notices/queue-notice';
import { parseInput } from '../validate';
import { approverRequired, noFirstPerson } from './author';
import { bumpIncidentVersion } from './bump-version';
import { currentImpacts, recomputeIncident } from './recompute-incident';
import { ApproveUpdateInput } from './schemas';
import { logger } from '../log/logger';

/**
 * The second person of the two-person rule publishes an update that declares data lost. It is
 * published as of the approval (that is when the public learns of it), and its notice goes out
 * already approved, since a different staff member has now signed off. Since it becomes the
 * newest update, approving an open status on a closed incident reopens it: only with `reopen`.
 */
export async function approveUpdate({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<{ incidentId: string; noticeId: string | null }> {
  assertRole(actor, 'responder');
  if (!actor.userId) throw approverRequired('an update that declares data lost');
  const { update_id, reopen } = parseInput(ApproveUpdateInput, input);
  const result = await db().$transaction(async (tx) => {
    const update = await tx.incidentUpdate.findUnique({ where: { id: update_id }, include: { impactChanges: true } });
    if (!update) throw notFound('update');
    if (update.state !== 'pending_approval') throw new AppError('conflict', `This update is already ${update.state === 'published' ? 'approved' : 'rejected'}.`);
    if (!update.authorId) throw noFirstPerson('This update');
    if (!mayApprove(update.authorId, actor.userId)) throw new AppError('forbidden', 'You wrote this update; a different staff member must approve it (two-person rule).');
    const incident = await tx.incident.findUniqueOrThrow({ where: { id: update.incidentId }, select: { status: true } });
    if (isClosedStatus(incident.status) && !isClosedStatus(update.status) && !reopen) throw new AppError('conflict', reopenQuestion(incident.status, update.status), 'reopen');
    const claimed = await tx.incidentUpdate.updateMany({ where: { id: update.id, state: 'pending_approval' }, data: { state: 'published', approvedById: actor.userId, approvedAt: now, displayAt: now } });
    if (claimed.count !== 1) throw new AppError('conflict', 'Someone else reviewed this update first.');
    const locked = await bumpIncidentVersion(tx, update.incidentId);
    const before = await currentImpacts(tx, update.incidentId);
    const published = await tx.incidentUpdate.count({ where: { incidentId: update.incidentId, state: 'published', NOT: { id: update.id } } });
    await recomputeIncident(tx, update.incidentId);
    await writeAudit(tx, actor, { action: 'incident_update.approve', objectType: 'incident_update', objectId: update.id, before: { state: 'pending_approval', authorId: update.authorId }, after: { state: 'published', approvedById: actor.userId } }, now);
    let noticeId: string | null = null;
    if (update.deliverNotifications) {
      const kind = noticeKindFor({ kind: locked.kind, isFirst: published === 0, status: update.status, current: before, changes: update.impactChanges });
      const notice = await queueNotice(tx, { incidentId: update.incidentId, kind, actor, updateId: update.id, dedupeKey: `update:${update.id}` }, now);
      noticeId = notice.id;
      if (notice.status === 'pending_approval') {
        await tx.notice.update({ where: { id: notice.id }, data: { status: 'queued', approvedById: actor.userId, approvedAt: now, queuedAt: now } });
        await writeAudit(tx, actor, { action: 'notice.approve', objectType: 'notice', objectId: notice.id, after: { status: 'queued', via: 'incident_update.approve' } }, now);
      }
    }
    return { incidentId: update.incidentId, noticeId };
  });
  await publishChange(`incident:${result.incidentId}`).catch((e: unknown) => logger('server').warn({ err: e }, 'publishChange failed'));
  return result;
}

/** The question a closed incident asks before an approval reopens it. */
export function reopenQuestion(closed: IncidentStatus, status: IncidentStatus): string {
  const label = (s: IncidentStatus) => INCIDENT_STATUS_LABEL[s].toLowerCase();
  return `This incident is ${label(closed)}. Approving this update reopens it (status back to "${label(status)}", shown again on the status page). Approve and reopen, or reject the update.`;
}
