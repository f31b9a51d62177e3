import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { db } from '../db';
import { notFound } from '../errors';
import { parseInput } from '../validate';
import { TemplateInput, clash } from './schemas';

export async function updateTemplate({ actor, id, input }: { actor: Actor; id: string; input: unknown }) {
  assertRole(actor, 'responder');
  const d = parseInput(TemplateInput, input);
  return db()
    .$transaction(async (tx) => {
      const before = await tx.updateTemplate.findUnique({ where: { id } });
      if (!before) throw notFound('template');
      const row = await tx.updateTemplate.update({ where: { id }, data: { name: d.name, title: d.title, status: d.status ?? null, body: d.body } });
      await writeAudit(tx, actor, { action: 'template.update', objectType: 'update_template', objectId: id, before: { name: before.name, title: before.title, status: before.status, body: before.body }, after: d });
      return row;
    })
    .catch(clash);
}
