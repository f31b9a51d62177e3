import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import type { Tx } from '../db';
import { personRequired } from '../incidents/author';

export interface QueueNoticeArgs {
  incidentId: string;
  kind: NoticeKind;
  actor: Actor;
  /** The update that caused it, when an update was posted with deliver_notifications. */
  updateId?: string;
  subject?: string;
  body?: string;
  /** Makes the call retry-safe: a second call with the same key returns the first notice. */
  dedupeKey?: string;
}

/**
 * Records a notice inside the caller's transaction (the outbox pattern): it commits or fails
 * with the change it announces. The delivery worker renders it per region and fans it out after
 * commit. A data_loss notice waits for a second staff member's approval, so only a person may create one.
 */
export async function queueNotice(tx: Tx, args: QueueNoticeArgs, now: Date = new Date()): Promise<{ id: string; status: string; created: boolean }> {
  if (args.dedupeKey) {
    const existing = await tx.notice.findUnique({ where: { dedupeKey: args.dedupeKey } });
    if (existing) return { id: existing.id, status: existing.status, created: false };
  }
  const status = args.kind === 'data_loss' ? 'pending_approval' : 'queued';
  if (status === 'pending_approval' && !args.actor.userId) throw personRequired('A data-loss notice');
  const notice = await tx.notice.create({
    data: {
      incidentId: args.incidentId,
      updateId: args.updateId ?? null,
      kind: args.kind,
      subject: args.subject ?? null,
      body: args.body ?? null,
      status,
      dedupeKey: args.dedupeKey ?? null,
      createdById: args.actor.userId ?? null,
      queuedAt: status === 'queued' ? now : null,
    },
  });
  await writeAudit(tx, args.actor, { action: 'notice.create', objectType: 'notice', objectId: notice.id, after: { incidentId: args.incidentId, kind: args.kind, status } }, now);
  return { id: notice.id, status, created: true };
}
