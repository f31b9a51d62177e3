import { z } from 'zod';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import { logger } from '../log/logger';
import { parseInput } from '../validate';
import { resolveRegionBodies } from './resolve-impacts';
import { TranslationFields } from './schemas';

// An update written in one language may carry translations, added beside the original: its main
// text and, for regions that read their own text, that text translated. Readers of a language with
// a translation get it; the others get the original with a note saying it was not translated.

export const TranslateUpdateInput = TranslationFields.extend({ update_id: z.string().min(1).max(64) });
export type TranslateUpdateInput = z.input<typeof TranslateUpdateInput>;

/** Writes (or rewrites) one translation inside the caller's transaction, audited with it. Retrying the same text changes nothing. */
export async function writeTranslation(tx: Tx, actor: Actor, update: { id: string; lang: string; ownTextRegionIds: readonly string[] }, t: z.output<typeof TranslationFields>, now: Date): Promise<boolean> {
  if (t.lang === update.lang) throw new AppError('validation', `lang: the update is written in ${t.lang}; a translation is into another language`, 'lang');
  const byRegion = await resolveRegionBodies(tx, t.bodies_by_region);
  // Only a region's own text can be translated as its own; the others read the main text's translation.
  const stray = Object.keys(byRegion).filter((id) => !update.ownTextRegionIds.includes(id));
  if (stray.length > 0) {
    const { slug } = await tx.region.findUniqueOrThrow({ where: { id: stray[0] }, select: { slug: true } });
    throw new AppError('validation', `bodies_by_region.${slug}: this region reads the main text of this update; translate the main text (body)`, `bodies_by_region.${slug}`);
  }
  const bodiesByRegion = JSON.stringify(byRegion);
  const before = await tx.updateTranslation.findUnique({ where: { updateId_lang: { updateId: update.id, lang: t.lang } }, select: { body: true, bodiesByRegion: true } });
  if (before && before.body === t.body && before.bodiesByRegion === bodiesByRegion) return false;
  await tx.updateTranslation.upsert({ where: { updateId_lang: { updateId: update.id, lang: t.lang } }, create: { updateId: update.id, lang: t.lang, body: t.body, bodiesByRegion }, update: { body: t.body, bodiesByRegion } });
  const shown = (b: { body: string; bodiesByRegion: string }) => ({ body: b.body, bodiesByRegion: JSON.parse(b.bodiesByRegion) as unknown });
  await writeAudit(tx, actor, { action: 'incident_update.translate', objectType: 'incident_update', objectId: update.id, before: before ? { lang: t.lang, ...shown(before) } : null, after: { lang: t.lang, ...shown({ body: t.body, bodiesByRegion }) } }, now);
  return true;
}

/** Adds or replaces the translation of one update into one language (console and /api/v1). */
export async function translateUpdate({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<{ changed: boolean; incidentId: string }> {
  assertRole(actor, 'responder');
  const data = parseInput(TranslateUpdateInput, input);
  const result = await db().$transaction(async (tx) => {
    const update = await tx.incidentUpdate.findUnique({ where: { id: data.update_id }, select: { id: true, lang: true, incidentId: true, regionBodies: { select: { regionId: true } } } });
    if (!update) throw notFound('update');
    return { changed: await writeTranslation(tx, actor, { id: update.id, lang: update.lang, ownTextRegionIds: update.regionBodies.map((b) => b.regionId) }, data, now), incidentId: update.incidentId };
  });
  if (result.changed) await publishChange(`incident:${result.incidentId}`).catch((e: unknown) => logger('server').warn({ err: e }, 'publishChange failed'));
  return result;
}
