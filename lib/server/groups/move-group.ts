import { moveOnePlace } from '@/lib/domain/ordering';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { notFound } from '../errors';

export async function moveGroup({ actor, id, direction }: { actor: Actor; id: string; direction: 'up' | 'down' }) {
  assertRole(actor, 'admin');
  await db().$transaction(async (tx) => {
    const order = (await tx.componentGroup.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true } })).map((g) => g.id);
    if (!order.includes(id)) throw notFound('group');
    const move = moveOnePlace(order, id, direction);
    if (!move) return;
    for (const [position, gid] of move.order.entries()) await tx.componentGroup.update({ where: { id: gid }, data: { position } });
    await writeAudit(tx, actor, { action: 'group.move', objectType: 'component_group', objectId: id, before: { position: move.from }, after: { position: move.to } });
  });
  await publishChange(`group:${id}`).catch(() => undefined);
}
