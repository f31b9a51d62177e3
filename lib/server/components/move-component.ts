import { moveOnePlace } from '@/lib/domain/ordering';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { notFound } from '../errors';

/** Swaps a component with its neighbour inside its group (up or down); positions are renumbered densely. */
export async function moveComponent({ actor, id, direction }: { actor: Actor; id: string; direction: 'up' | 'down' }) {
  assertRole(actor, 'admin');
  await db().$transaction(async (tx) => {
    const c = await tx.component.findUnique({ where: { id } });
    if (!c) throw notFound('component');
    const siblings = await tx.component.findMany({ where: { groupId: c.groupId }, orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true } });
    const order = siblings.map((s) => s.id);
    const move = moveOnePlace(order, id, direction);
    if (!move) return;
    for (const [position, cid] of move.order.entries()) await tx.component.update({ where: { id: cid }, data: { position } });
    await writeAudit(tx, actor, { action: 'component.move', objectType: 'component', objectId: id, before: { position: move.from }, after: { position: move.to } });
  });
  await publishChange(`component:${id}`).catch(() => undefined);
}
