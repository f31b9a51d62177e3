import type { NoticeStatus } from '@/lib/generated/postgresql/enums';
import { wakeWorkers } from '@/lib/jobs/wake';
import { hasRole, type Actor } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { conflict, forbidden, notFound } from '../errors';

export type NoticeAction = 'pause' | 'resume' | 'cancel';

const allowed: Record<NoticeAction, { from: NoticeStatus[]; to: NoticeStatus; hint: string }> = {
  pause: { from: ['sending'], to: 'paused', hint: 'only a notice that is sending can be paused' },
  resume: { from: ['paused'], to: 'sending', hint: 'only a paused notice can be resumed' },
  cancel: { from: ['draft', 'pending_approval', 'queued', 'sending', 'paused'], to: 'canceled', hint: 'the notice has finished' },
};

/** Pause, resume or cancel a notice. Cancel marks every waiting delivery canceled; messages in flight finish. */
export async function setNoticeState({ actor, id, action, now = new Date() }: { actor: Actor; id: string; action: NoticeAction; now?: Date }): Promise<{ id: string; status: NoticeStatus }> {
  if (!hasRole(actor, 'responder')) throw forbidden();
  const rule = allowed[action];
  await db().$transaction(async (tx) => {
    const notice = await tx.notice.findUnique({ where: { id } });
    if (!notice) throw notFound('notice');
    if (!rule.from.includes(notice.status)) throw conflict(`cannot ${action}: the notice is ${notice.status}; ${rule.hint}`);
    const changed = await tx.notice.updateMany({ where: { id, status: notice.status }, data: { status: rule.to, version: { increment: 1 }, ...(action === 'cancel' ? { completedAt: now } : {}) } });
    if (changed.count === 0) throw conflict('the notice changed meanwhile; reload');
    if (action === 'cancel') await tx.delivery.updateMany({ where: { noticeId: id, status: 'pending' }, data: { status: 'canceled', lastError: 'notice canceled' } });
    await writeAudit(tx, actor, { action: `notice.${action}`, objectType: 'notice', objectId: id, before: { status: notice.status }, after: { status: rule.to } }, now);
  });
  if (action === 'resume') await wakeWorkers('notice resumed');
  return { id, status: rule.to };
}
