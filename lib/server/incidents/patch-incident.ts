import { isClosedStatus } from '@/lib/domain/incident-lifecycle';
import type { IncidentStatus } from '@/lib/generated/postgresql/enums';
import type { Actor } from '../actor';
import { AppError } from '../errors';
import { personRequired } from './author';
import { postUpdate } from './post-update';
import { resolveIncident } from './resolve-incident';
import { updateIncident } from './update-incident';

const FIELD_KEYS = ['name', 'impact', 'scheduled_for', 'scheduled_until', 'auto_transition', 'remind_before_minutes', 'translations'] as const;

/**
 * Statuspage's PATCH /incidents/{id}: edits fields, and when it carries a status or body it also
 * posts an update (a closing status resolves). Each step bumps the version for the next.
 */
export async function patchIncident({ actor, id, input }: { actor: Actor; id: string; input: Record<string, unknown> }): Promise<{ version: number; updateId?: string; updateState?: string }> {
  let version = input.version as number | undefined;
  const fields = Object.fromEntries(FIELD_KEYS.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
  const wantsUpdate = input.status !== undefined || input.body !== undefined || input.impacts !== undefined || input.bodies_by_region !== undefined;
  if (Object.keys(fields).length === 0 && !wantsUpdate) throw new AppError('validation', 'body: nothing to change (send name, impact, translations, status, body, impacts or the schedule)', 'body');
  // The field edit commits first: refuse up front what the update step would refuse, so nothing half-applies.
  if (Object.keys(fields).length > 0 && wantsUpdate && !actor.userId && declaresLost(input.impacts)) throw personRequired('An update that declares data lost');
  if (Object.keys(fields).length > 0) version = (await updateIncident({ actor, input: { incident_id: id, version, ...fields } })).version;
  if (!wantsUpdate) return { version: version! };
  const common = { incident_id: id, version, body: input.body, bodies_by_region: input.bodies_by_region, deliver_notifications: input.deliver_notifications, impacts: input.impacts };
  if (typeof input.status === 'string' && isClosedStatus(input.status as IncidentStatus) && input.status !== 'postmortem') {
    const r = await resolveIncident({ actor, input: common });
    return { version: r.version, updateId: r.id, updateState: r.state };
  }
  if (input.status === undefined) throw new AppError('validation', 'status: required when posting an update', 'status');
  const r = await postUpdate({ actor, input: { ...common, status: input.status, display_at: input.display_at, next_update_at: input.next_update_at, impact: undefined } });
  return { version: r.version, updateId: r.id, updateState: r.state };
}

function declaresLost(impacts: unknown): boolean {
  return Array.isArray(impacts) && impacts.some((i: unknown) => typeof i === 'object' && i !== null && (i as { data_state?: unknown }).data_state === 'lost');
}
