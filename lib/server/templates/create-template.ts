import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { db } from '../db';
import { parseInput } from '../validate';
import { TemplateInput, clash } from './schemas';

/** Reusable update texts ("We are investigating reports that {product} contacts are missing..."). */
export async function createTemplate({ actor, input }: { actor: Actor; input: unknown }) {
  assertRole(actor, 'responder');
  const d = parseInput(TemplateInput, input);
  return db()
    .$transaction(async (tx) => {
      const last = await tx.updateTemplate.aggregate({ _max: { position: true } });
      const row = await tx.updateTemplate.create({ data: { name: d.name, title: d.title, status: d.status ?? null, body: d.body, position: (last._max.position ?? -1) + 1 } });
      await writeAudit(tx, actor, { action: 'template.create', objectType: 'update_template', objectId: row.id, after: d });
      return row;
    })
    .catch(clash);
}
