import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { countAudienceByRegion } from '@/lib/jobs/audience-sql';
import { wakeWorkers } from '@/lib/jobs/wake';
import { hasRole, type Actor } from '../actor';
import { db } from '../db';
import { AppError, forbidden, notFound } from '../errors';
import { parseInput } from '../validate';
import { queueNotice } from './queue-notice';
import { createNoticeInput } from './schemas';

/** How many subscribers a notice of this kind about this incident reaches now. */
export async function noticeAudience(incidentId: string, kind: string): Promise<number> {
  return [...(await countAudienceByRegion(incidentId, kind)).values()].reduce((a, b) => a + b, 0);
}

/**
 * Staff compose a notice for an incident; data_loss waits for a second staff member's approval.
 * With `requireConfirmation` (the console) the sender must have confirmed the audience count, and
 * a count that changed since is refused, so a stale page or a scripted one-click cannot send.
 */
export async function createNotice({ actor, input, now = new Date(), requireConfirmation = false }: { actor: Actor; input: unknown; now?: Date; requireConfirmation?: boolean }): Promise<{ id: string; status: string }> {
  if (!hasRole(actor, 'responder')) throw forbidden();
  const data = parseInput(createNoticeInput, input);
  if (requireConfirmation && data.confirmed_audience === undefined) throw new AppError('validation', 'confirmed_audience: confirm how many subscribers this goes to before it is queued', 'confirmed_audience');
  if (data.confirmed_audience !== undefined) {
    const audience = await noticeAudience(data.incident, data.kind);
    if (audience !== data.confirmed_audience) throw new AppError('conflict', `The audience changed since you looked: it is now ${audience.toLocaleString('en-US')}, not ${data.confirmed_audience.toLocaleString('en-US')}. Check the preview and confirm again.`, 'confirmed_audience');
  }
  const result = await db().$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: data.incident }, select: { id: true } });
    if (!incident) throw notFound('incident');
    return queueNotice(tx, { incidentId: incident.id, kind: data.kind as NoticeKind, actor, subject: data.subject?.trim() || undefined, body: data.body?.trim() || undefined }, now);
  });
  if (result.status === 'queued') await wakeWorkers('notice queued');
  return { id: result.id, status: result.status };
}
