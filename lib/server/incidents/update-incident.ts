import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { mergeTranslations, readTranslations, writeTranslations } from '@/lib/domain/translations';
import { parseInput } from '../validate';
import { bumpIncidentVersion } from './bump-version';
import { UpdateIncidentInput } from './schemas';
import { logger } from '../log/logger';

/** Edits an incident's own fields (title, impact level, maintenance window) under the optimistic lock. */
export async function updateIncident({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<{ id: string; version: number }> {
  assertRole(actor, 'responder');
  const data = parseInput(UpdateIncidentInput, input);
  const result = await db().$transaction(async (tx) => {
    const before = await tx.incident.findUnique({ where: { id: data.incident_id } });
    if (!before) throw notFound('incident');
    const patch = {
      ...(data.name !== undefined ? { title: data.name } : {}),
      ...(data.impact !== undefined ? { impact: data.impact } : {}),
      ...(data.scheduled_for !== undefined ? { scheduledFor: data.scheduled_for } : {}),
      ...(data.scheduled_until !== undefined ? { scheduledUntil: data.scheduled_until } : {}),
      ...(data.auto_transition !== undefined ? { autoTransition: data.auto_transition } : {}),
      ...(data.remind_before_minutes !== undefined ? { remindBeforeMinutes: data.remind_before_minutes } : {}),
      ...(data.translations !== undefined ? { translations: writeTranslations(mergeTranslations('incident', readTranslations('incident', before.translations), data.translations)) } : {}),
    };
    // Saving what is already there (a retried request, a form sent unchanged) changes nothing.
    if (Object.entries(patch).every(([k, v]) => sameValue(before[k as keyof typeof before], v))) return { id: before.id, version: before.version, changed: false };
    const locked = await bumpIncidentVersion(tx, data.incident_id, data.version);
    const from = patch.scheduledFor !== undefined ? patch.scheduledFor : before.scheduledFor;
    const until = patch.scheduledUntil !== undefined ? patch.scheduledUntil : before.scheduledUntil;
    if (locked.kind === 'maintenance' && from && until && until <= from) throw new AppError('validation', 'scheduled_until: must be after scheduled_for', 'scheduled_until');
    const after = await tx.incident.update({ where: { id: data.incident_id }, data: { ...patch, ...(patch.remindBeforeMinutes !== undefined ? { reminderSentAt: null } : {}) } });
    const pick = (i: typeof after) => ({ title: i.title, impact: i.impact, scheduledFor: i.scheduledFor, scheduledUntil: i.scheduledUntil, autoTransition: i.autoTransition, remindBeforeMinutes: i.remindBeforeMinutes, translations: i.translations });
    await writeAudit(tx, actor, { action: 'incident.update', objectType: 'incident', objectId: after.id, before: pick(before), after: pick(after) }, now);
    return { id: after.id, version: locked.version, changed: true };
  });
  if (result.changed) await publishChange(`incident:${result.id}`).catch((e: unknown) => logger('server').warn({ err: e }, 'publishChange failed'));
  return { id: result.id, version: result.version };
}

const sameValue = (a: unknown, b: unknown): boolean => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
