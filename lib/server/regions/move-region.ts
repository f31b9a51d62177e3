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
    const i = order.indexOf(id);
    if (i < 0) throw notFound('region');
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j]!, order[i]!];
    for (const [position, rid] of order.entries()) await tx.region.update({ where: { id: rid }, data: { position } });
    await writeAudit(tx, actor, { action: 'region.move', objectType: 'region', objectId: id, before: { position: i }, after: { position: j } });
  });
  await publishChange(`region:${id}`).catch(() => undefined);
}
