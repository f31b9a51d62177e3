import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { AppError, notFound } from '../errors';

/** Removes a component that no incident mentions (history stays intact otherwise). */
export async function deleteComponent({ actor, ref }: { actor: Actor; ref: string }) {
  assertRole(actor, 'admin');
  await db().$transaction(async (tx) => {
    const c = await tx.component.findFirst({ where: { OR: [{ id: ref }, { slug: ref }] }, include: { _count: { select: { impacts: true, updateImpacts: true } } } });
    if (!c) throw notFound(`component "${ref}"`);
    if (c._count.impacts + c._count.updateImpacts > 0) throw new AppError('conflict', `"${c.name}" appears in incidents, so deleting it would rewrite history; hide it from the page instead.`);
    await tx.component.delete({ where: { id: c.id } });
    await writeAudit(tx, actor, { action: 'component.delete', objectType: 'component', objectId: c.id, before: { name: c.name, slug: c.slug } });
  });
  await publishChange(`component:${ref}`).catch(() => undefined);
}
