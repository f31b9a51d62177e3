import { moveOnePlace } from '@/lib/domain/ordering';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { notFound } from '../errors';

export async function moveRegion({ actor, id, direction }: { actor: Actor; id: string; direction: 'up' | 'down' }) {
  assertRole(actor, 'admin');
  await db().$transaction(async (tx) => {
    const order = (await tx.region.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true } })).map((r) => r.id);
    if (!order.includes(id)) throw notFound('region');
    const move = moveOnePlace(order, id, direction);
    if (!move) return;
    for (const [position, rid] of move.order.entries()) await tx.region.update({ where: { id: rid }, data: { position } });
    await writeAudit(tx, actor, { action: 'region.move', objectType: 'region', objectId: id, before: { position: move.from }, after: { position: move.to } });
  });
  await publishChange(`region:${id}`).catch(() => undefined);
}
