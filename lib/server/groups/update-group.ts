import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { notFound } from '../errors';
import { parseInput } from '../validate';
import { mergeTranslations, readTranslations, writeTranslations } from '@/lib/domain/translations';
import { GroupInput, clash } from './schemas';

export async function updateGroup({ actor, id, input }: { actor: Actor; id: string; input: unknown }) {
  assertRole(actor, 'admin');
  const d = parseInput(GroupInput, input);
  const { row, changed } = await db()
    .$transaction(async (tx) => {
      const before = await tx.componentGroup.findUnique({ where: { id } });
      if (!before) throw notFound('group');
      const translations = writeTranslations(mergeTranslations('group', readTranslations('group', before.translations), d.translations));
      const slug = d.slug || before.slug;
      // Saving what is already there (a retried request, a form sent unchanged) changes nothing.
      if (before.name === d.name && before.slug === slug && before.description === d.description && before.translations === translations) return { row: before, changed: false };
      const g = await tx.componentGroup.update({ where: { id }, data: { name: d.name, slug, description: d.description, translations } });
      const pick = (x: typeof g) => ({ name: x.name, slug: x.slug, description: x.description, translations: x.translations });
      await writeAudit(tx, actor, { action: 'group.update', objectType: 'component_group', objectId: id, before: pick(before), after: pick(g) });
      return { row: g, changed: true };
    })
    .catch(clash);
  if (changed) await publishChange(`group:${id}`).catch(() => undefined);
  return row;
}
