import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { notFound } from '../errors';

/** Deleting a group keeps its components (they become ungrouped). */
export async function deleteGroup({ actor, id }: { actor: Actor; id: string }) {
  assertRole(actor, 'admin');
  await db().$transaction(async (tx) => {
    const before = await tx.componentGroup.findUnique({ where: { id } });
    if (!before) throw notFound('group');
    await tx.component.updateMany({ where: { groupId: id }, data: { groupId: null } });
    await tx.componentGroup.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'group.delete', objectType: 'component_group', objectId: id, before: { name: before.name, slug: before.slug } });
  });
  await publishChange(`group:${id}`).catch(() => undefined);
}
