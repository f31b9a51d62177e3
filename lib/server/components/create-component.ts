import type { Actor } from '../actor';
import { isUniqueViolation } from '../api/respond';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db, type Tx } from '../db';
import { AppError } from '../errors';
import { parseInput } from '../validate';
import { mergeTranslations, writeTranslations } from '@/lib/domain/translations';
import { CreateComponentInput, slugify } from './schemas';

export async function groupIdOf(tx: Tx, ref: string | null | undefined): Promise<string | null | undefined> {
  if (ref === undefined) return undefined;
  if (ref === null || ref === '') return null;
  const group = await tx.componentGroup.findFirst({ where: { OR: [{ id: ref }, { slug: ref }] }, select: { id: true } });
  if (!group) throw new AppError('validation', `group: no group "${ref}"`, 'group');
  return group.id;
}

export async function createComponent({ actor, input }: { actor: Actor; input: unknown }) {
  assertRole(actor, 'admin');
  const data = parseInput(CreateComponentInput, input);
  const slug = data.slug ?? slugify(data.name);
  if (!slug) throw new AppError('validation', 'slug: choose a slug (letters and digits)', 'slug');
  try {
    const created = await db().$transaction(async (tx) => {
      const groupId = (await groupIdOf(tx, data.group)) ?? null;
      const last = await tx.component.aggregate({ where: { groupId }, _max: { position: true } });
      const row = await tx.component.create({
        data: {
          name: data.name,
          slug,
          description: data.description ?? null,
          groupId,
          status: data.status ?? 'operational',
          dataKind: data.data_kind ?? null,
          showcase: data.showcase ?? true,
          onlyShowIfDegraded: data.only_show_if_degraded ?? false,
          translations: writeTranslations(mergeTranslations('component', {}, data.translations)),
          position: (last._max.position ?? -1) + 1,
        },
        include: { group: true },
      });
      await writeAudit(tx, actor, { action: 'component.create', objectType: 'component', objectId: row.id, after: { name: row.name, slug: row.slug, groupId, status: row.status, translations: row.translations } });
      return row;
    });
    await publishChange(`component:${created.id}`).catch(() => undefined);
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', `a component with slug "${slug}" already exists`, 'slug');
    throw error;
  }
}
