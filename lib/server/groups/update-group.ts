import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { notFound } from '../errors';
import { parseInput } from '../validate';
import { GroupInput, clash } from './schemas';

export async function updateGroup({ actor, id, input }: { actor: Actor; id: string; input: unknown }) {
  assertRole(actor, 'admin');
  const d = parseInput(GroupInput, input);
  const row = await db()
    .$transaction(async (tx) => {
      const before = await tx.componentGroup.findUnique({ where: { id } });
      if (!before) throw notFound('group');
      const g = await tx.componentGroup.update({ where: { id }, data: { name: d.name, ...(d.slug ? { slug: d.slug } : {}), description: d.description } });
      await writeAudit(tx, actor, { action: 'group.update', objectType: 'component_group', objectId: id, before: { name: before.name, slug: before.slug, description: before.description }, after: { name: g.name, slug: g.slug, description: g.description } });
      return g;
    })
    .catch(clash);
  await publishChange(`group:${id}`).catch(() => undefined);
  return row;
}
