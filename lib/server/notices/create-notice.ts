import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { wakeWorkers } from '@/lib/jobs/wake';
import { hasRole, type Actor } from '../actor';
import { db } from '../db';
import { forbidden, notFound } from '../errors';
import { parseInput } from '../validate';
import { queueNotice } from './queue-notice';
import { createNoticeInput } from './schemas';

/** Staff compose a notice for an incident; data_loss waits for a second staff member's approval. */
export async function createNotice({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<{ id: string; status: string }> {
  if (!hasRole(actor, 'responder')) throw forbidden();
  const data = parseInput(createNoticeInput, input);
  const result = await db().$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: data.incident }, select: { id: true } });
    if (!incident) throw notFound('incident');
    return queueNotice(tx, { incidentId: incident.id, kind: data.kind as NoticeKind, actor, subject: data.subject?.trim() || undefined, body: data.body?.trim() || undefined }, now);
  });
  if (result.status === 'queued') await wakeWorkers('notice queued');
  return { id: result.id, status: result.status };
}
