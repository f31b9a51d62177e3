import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { createIncident, type CreatedIncident } from '../incidents/create-incident';
import { parseInput } from '../validate';
import { ambiguityNote, ZonedWindowInput } from './zoned-window';

/**
 * Plans maintenance from the console's form: the window is typed in a chosen zone and stored in
 * UTC; everything else is createIncident's input (kind maintenance).
 */
export async function planMaintenance({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<CreatedIncident & { scheduledFor: Date; scheduledUntil: Date; timeZone: string; note?: string }> {
  assertRole(actor, 'responder');
  const window = parseInput(ZonedWindowInput, input);
  const typed = input as { scheduled_for: string; scheduled_until: string };
  const created = await createIncident({
    actor,
    now,
    input: { ...(input as object), kind: 'maintenance', scheduled_for: window.scheduledFor.toISOString(), scheduled_until: window.scheduledUntil.toISOString() },
  });
  const note = ambiguityNote(window, typed);
  const planned = { ...created, scheduledFor: window.scheduledFor, scheduledUntil: window.scheduledUntil, timeZone: window.timeZone };
  return note ? { ...planned, note } : planned;
}
