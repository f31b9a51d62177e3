import { wakeWorkers } from '@/lib/jobs/wake';
import { hasRole, type Actor } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { conflict, forbidden, notFound } from '../errors';

/**
 * Sends the deliveries refused for policy or reputation again, once the sender's DNS or reputation
 * is fixed: one transaction with its audit row. Each row is taken by one statement, so calls at the
 * same moment re-queue it once between them; a call that finds none changes nothing.
 */
export async function requeueRefusedDeliveries({ actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }): Promise<{ requeued: number }> {
  if (!hasRole(actor, 'responder')) throw forbidden();
  const requeued = await db().$transaction(async (tx) => {
    const notice = await tx.notice.findUnique({ where: { id }, select: { status: true } });
    if (!notice) throw notFound('notice');
    if (notice.status === 'canceled') throw conflict('the notice was canceled; nothing of it is sent again');
    const { count } = await tx.delivery.updateMany({
      where: { noticeId: id, status: 'failed', failureClass: 'policy' },
      // A fresh start: the attempt limit counts from here.
      data: { status: 'pending', failureClass: null, attempts: 0, nextAttemptAt: now },
    });
    if (count === 0) return 0;
    // A finished notice is sending again until these are done; a paused one stays paused.
    const status = notice.status === 'sent' ? 'sending' : notice.status;
    if (status !== notice.status) await tx.notice.update({ where: { id }, data: { status, completedAt: null, version: { increment: 1 } } });
    await writeAudit(tx, actor, { action: 'notice.requeue_refused', objectType: 'notice', objectId: id, before: { status: notice.status, refusedForPolicy: count }, after: { status, requeued: count } }, now);
    return count;
  });
  if (requeued > 0) await wakeWorkers('refused deliveries re-queued');
  return { requeued };
}
