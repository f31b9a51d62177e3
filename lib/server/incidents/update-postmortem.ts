import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { mergeTranslations, readTranslations, writeTranslations } from '@/lib/domain/translations';
import { parseInput } from '../validate';
import { bumpIncidentVersion } from './bump-version';
import { PostmortemInput } from './schemas';
import { logger } from '../log/logger';

/** Saves the postmortem draft; `publish` makes it public (and unticking it takes it down again). */
export async function updatePostmortem({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<{ version: number; published: boolean }> {
  assertRole(actor, 'responder');
  const data = parseInput(PostmortemInput, input);
  if (data.publish && data.body.trim() === '') throw new AppError('validation', 'body: write the postmortem before publishing it', 'body');
  const result = await db().$transaction(async (tx) => {
    const row = await tx.incident.findUnique({ where: { id: data.incident_id }, select: { postmortemBody: true, postmortemPublishedAt: true, translations: true, version: true } });
    if (!row) throw notFound('incident');
    const { version: current, translations: stored, ...before } = row;
    const publishedAt = data.publish ? (before.postmortemPublishedAt ?? now) : null;
    const translations = writeTranslations(mergeTranslations('incident', readTranslations('incident', stored), data.translations));
    // Saving what is already there (a retried request, a form sent unchanged) changes nothing.
    if (before.postmortemBody === data.body && Boolean(before.postmortemPublishedAt) === data.publish && stored === translations) return { version: current, published: data.publish, wasPublished: data.publish, changed: false };
    const locked = await bumpIncidentVersion(tx, data.incident_id, data.version);
    await tx.incident.update({ where: { id: data.incident_id }, data: { postmortemBody: data.body, postmortemPublishedAt: publishedAt, translations } });
    await writeAudit(tx, actor, { action: data.publish ? 'incident.postmortem_publish' : 'incident.postmortem_save', objectType: 'incident', objectId: data.incident_id, before: { ...before, translations: stored }, after: { postmortemBody: data.body, postmortemPublishedAt: publishedAt, translations } }, now);
    return { version: locked.version, published: Boolean(publishedAt), wasPublished: Boolean(before.postmortemPublishedAt), changed: true };
  });
  if (result.changed && (result.published || result.wasPublished)) await publishChange(`incident:${data.incident_id}`).catch((e: unknown) => logger('server').warn({ err: e }, 'publishChange failed'));
  return { version: result.version, published: result.published };
}
