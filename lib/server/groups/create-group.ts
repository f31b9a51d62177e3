import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { slugify } from '../components/schemas';
import { db } from '../db';
import { parseInput } from '../validate';
import { mergeTranslations, writeTranslations } from '@/lib/domain/translations';
import { GroupInput, clash } from './schemas';

export async function createGroup({ actor, input }: { actor: Actor; input: unknown }) {
  assertRole(actor, 'admin');
  const d = parseInput(GroupInput, input);
  const slug = d.slug ?? slugify(d.name);
  const row = await db()
    .$transaction(async (tx) => {
      const last = await tx.componentGroup.aggregate({ _max: { position: true } });
      const g = await tx.componentGroup.create({ data: { name: d.name, slug, description: d.description, translations: writeTranslations(mergeTranslations('group', {}, d.translations)), position: (last._max.position ?? -1) + 1 } });
      await writeAudit(tx, actor, { action: 'group.create', objectType: 'component_group', objectId: g.id, after: { name: g.name, slug, description: g.description, translations: g.translations } });
      return g;
    })
    .catch(clash);
  await publishChange(`group:${row.id}`).catch(() => undefined);
  return row;
}
