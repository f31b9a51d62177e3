import type { Actor } from '../actor';
import { isUniqueViolation } from '../api/respond';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { parseInput } from '../validate';
import { mergeTranslations, readTranslations, writeTranslations } from '@/lib/domain/translations';
import { groupIdOf } from './create-component';
import { UpdateComponentInput } from './schemas';

/**
 * Edits a component found by id or slug. Changing only its baseline status is a responder's job
 * (as on Statuspage); anything else needs an admin. `version` guards against stale forms.
 */
export async function updateComponent({ actor, ref, input }: { actor: Actor; ref: string; input: unknown }) {
  const data = parseInput(UpdateComponentInput, input);
  const statusOnly = Object.keys(data).every((k) => k === 'status' || k === 'version');
  assertRole(actor, statusOnly ? 'responder' : 'admin');
  try {
    const updated = await db().$transaction(async (tx) => {
      const before = await tx.component.findFirst({ where: { OR: [{ id: ref }, { slug: ref }] } });
      if (!before) throw notFound(`component "${ref}"`);
      const groupId = await groupIdOf(tx, data.group);
      const wanted = {
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.slug !== undefined ? { slug: data.slug } : {}),
        ...(data.description !== undefined ? { description: data.description } : {}),
        ...(groupId !== undefined ? { groupId } : {}),
        ...(data.status !== undefined ? { status: data.status } : {}),
        ...(data.data_kind !== undefined ? { dataKind: data.data_kind } : {}),
        ...(data.showcase !== undefined ? { showcase: data.showcase } : {}),
        ...(data.only_show_if_degraded !== undefined ? { onlyShowIfDegraded: data.only_show_if_degraded } : {}),
        ...(data.translations !== undefined ? { translations: writeTranslations(mergeTranslations('component', readTranslations('component', before.translations), data.translations)) } : {}),
      };
      // Saving what is already there (a retried request, a form sent unchanged) changes nothing.
      const changes = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => before[k as keyof typeof before] !== v));
      if (Object.keys(changes).length === 0) return { row: await tx.component.findUniqueOrThrow({ where: { id: before.id }, include: { group: true } }), changed: false };
      const version = data.version ?? before.version;
      const claimed = await tx.component.updateMany({ where: { id: before.id, version }, data: { version: { increment: 1 } } });
      if (claimed.count !== 1) throw new AppError('conflict', 'This component was changed by someone else since you opened it. Reload and try again.', 'version');
      const row = await tx.component.update({ where: { id: before.id }, data: changes, include: { group: true } });
      const pick = (c: typeof before) => ({ name: c.name, slug: c.slug, description: c.description, groupId: c.groupId, status: c.status, dataKind: c.dataKind, showcase: c.showcase, onlyShowIfDegraded: c.onlyShowIfDegraded, translations: c.translations });
      await writeAudit(tx, actor, { action: 'component.update', objectType: 'component', objectId: row.id, before: pick(before), after: pick(row) });
      return { row, changed: true };
    });
    if (updated.changed) await publishChange(`component:${updated.row.id}`).catch(() => undefined);
    return updated.row;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', 'another component already has that slug', 'slug');
    throw error;
  }
}
