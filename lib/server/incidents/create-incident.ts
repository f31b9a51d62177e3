import { closingStatus, type IncidentKind } from '@/lib/domain/incident-lifecycle';
import type { IncidentStatus } from '@/lib/generated/postgresql/enums';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { mergeTranslations, writeTranslations } from '@/lib/domain/translations';
import { publishChange } from '../changes';
import { db } from '../db';
import { AppError } from '../errors';
import { parseInput } from '../validate';
import { resolveImpacts, resolveRegionBodies } from './resolve-impacts';
import { CreateIncidentInput } from './schemas';
import { writeUpdate, type WrittenUpdate } from './write-update';
import { logger } from '../log/logger';

export interface CreatedIncident {
  id: string;
  version: number;
  update: WrittenUpdate;
}

/**
 * Declares an incident (or plans maintenance) in one step: the incident, its per-region impacts
 * and its first update, in one transaction with the audit rows. Maintenance cells start
 * operational and go under_maintenance when the window opens.
 */
export async function createIncident({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<CreatedIncident> {
  assertRole(actor, 'responder');
  const data = parseInput(CreateIncidentInput, input);
  const kind: IncidentKind = data.kind;
  const status: IncidentStatus = data.status ?? (kind === 'maintenance' ? 'scheduled' : 'investigating');
  if (kind === 'maintenance') {
    if (!data.scheduled_for || !data.scheduled_until) throw new AppError('validation', `${data.scheduled_for ? 'scheduled_until' : 'scheduled_for'}: maintenance needs a start and an end`, data.scheduled_for ? 'scheduled_until' : 'scheduled_for');
    if (data.scheduled_until <= data.scheduled_for) throw new AppError('validation', 'scheduled_until: must be after scheduled_for', 'scheduled_until');
  }
  if (status === closingStatus(kind) && kind !== 'maintenance') throw new AppError('validation', 'status: a new incident cannot start resolved', 'status');
  const result = await db().$transaction(async (tx) => {
    const cells = await resolveImpacts(tx, data.impacts);
    const regionBodies = await resolveRegionBodies(tx, data.bodies_by_region);
    const changes = kind === 'maintenance' && status === 'scheduled' ? cells.map((c) => ({ ...c, status: 'operational' as const })) : cells;
    const incident = await tx.incident.create({
      data: {
        title: data.name,
        kind,
        status,
        impact: data.impact,
        startedAt: kind === 'maintenance' && data.scheduled_for ? data.scheduled_for : now,
        scheduledFor: data.scheduled_for ?? null,
        scheduledUntil: data.scheduled_until ?? null,
        autoTransition: data.auto_transition,
        remindBeforeMinutes: data.remind_before_minutes ?? null,
        createdById: actor.userId ?? null,
        createdAt: now,
        translations: writeTranslations(mergeTranslations('incident', {}, data.translations)),
      },
    });
    await writeAudit(tx, actor, { action: kind === 'maintenance' ? 'maintenance.create' : 'incident.create', objectType: 'incident', objectId: incident.id, after: { title: incident.title, kind, impact: incident.impact, status, scheduledFor: data.scheduled_for ?? null, scheduledUntil: data.scheduled_until ?? null, translations: incident.translations } }, now);
    const update = await writeUpdate(tx, { incidentId: incident.id, kind, actor, status, body: data.body, regionBodies, nextUpdateAt: data.next_update_at ?? null, changes, deliverNotifications: data.deliver_notifications, displayAt: now, isFirst: true, now });
    return { id: incident.id, version: incident.version, update };
  });
  await publishChange(`incident:${result.id}`).catch((e: unknown) => logger('server').warn({ err: e }, 'publishChange failed'));
  return result;
}
