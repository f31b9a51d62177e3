import type { Actor } from '../actor';
import { hasRole } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { forbidden, notFound } from '../errors';

/** Removes a subscriber and their delivery history (e.g. a data-protection request). */
export async function deleteSubscriber({ actor, id }: { actor: Actor; id: string }): Promise<void> {
  if (!hasRole(actor, 'responder')) throw forbidden();
  await db().$transaction(async (tx) => {
    const s = await tx.subscriber.findUnique({ where: { id } });
    if (!s) throw notFound('subscriber');
    await tx.subscriber.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'subscriber.delete', objectType: 'subscriber', objectId: id, before: { email: s.email, source: s.source } });
  });
}
