import { z } from 'zod';
import { isClosedStatus } from '@/lib/domain/incident-lifecycle';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { updateIncident } from '../incidents/update-incident';
import { parseInput } from '../validate';
import { ambiguityNote, ZonedWindowInput } from './zoned-window';

const Target = z.object({
  incident_id: z.string().trim().min(1).max(64),
  /** The version the editor saw; a change made since is refused as a conflict. */
  version: z.coerce.number().int().min(1).optional(),
});

export interface RescheduledMaintenance {
  id: string;
  version: number;
  timeZone: string;
  scheduledFor: Date;
  scheduledUntil: Date;
  /** Set when a typed time happened twice in the zone and the first was taken. */
  note?: string;
}

/** Moves a maintenance window typed in a chosen zone; stored in UTC under the incident's optimistic lock, audited by updateIncident. */
export async function rescheduleMaintenance({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<RescheduledMaintenance> {
  assertRole(actor, 'responder');
  const target = parseInput(Target, input);
  const window = parseInput(ZonedWindowInput, input);
  const incident = await db().incident.findUnique({ where: { id: target.incident_id }, select: { kind: true, status: true } });
  if (!incident) throw notFound('maintenance');
  if (incident.kind !== 'maintenance') throw new AppError('conflict', 'This is an incident, not maintenance; it has no window to move.');
  if (isClosedStatus(incident.status)) throw new AppError('conflict', 'This maintenance is over; its window can no longer be moved.');
  const updated = await updateIncident({
    actor,
    now,
    input: { incident_id: target.incident_id, version: target.version, scheduled_for: window.scheduledFor.toISOString(), scheduled_until: window.scheduledUntil.toISOString() },
  });
  const note = ambiguityNote(window, input as { scheduled_for: string; scheduled_until: string });
  return { ...updated, timeZone: window.timeZone, scheduledFor: window.scheduledFor, scheduledUntil: window.scheduledUntil, ...(note ? { note } : {}) };
}
