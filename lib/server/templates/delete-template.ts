import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { db } from '../db';
import { notFound } from '../errors';

export async function deleteTemplate({ actor, id }: { actor: Actor; id: string }) {
  assertRole(actor, 'responder');
  await db().$transaction(async (tx) => {
    const before = await tx.updateTemplate.findUnique({ where: { id } });
    if (!before) throw notFound('template');
    await tx.updateTemplate.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'template.delete', objectType: 'update_template', objectId: id, before: { name: before.name, body: before.body } });
  });
}
