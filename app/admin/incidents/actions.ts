'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { AppError } from '@/lib/server/errors';
import { createIncident } from '@/lib/server/incidents/create-incident';
import { postUpdate } from '@/lib/server/incidents/post-update';
import { resolveIncident } from '@/lib/server/incidents/resolve-incident';
import { approveUpdate } from '@/lib/server/incidents/approve-update';
import { rejectUpdate } from '@/lib/server/incidents/reject-update';
import { updateIncident } from '@/lib/server/incidents/update-incident';
import { updatePostmortem } from '@/lib/server/incidents/update-postmortem';
import { attempt, refreshPage, type FormState } from '../_lib/action-state';
import { bodiesByRegionFrom, checkbox, dateTimeInZone, impactsFrom, optionalText, text, translationsFrom, zonedDateTime } from '../_lib/form-data';
import { checkCarrierNames } from '@/lib/server/incidents/check-carrier-names';

/** Refuses, once, a text that shows one carrier's customers another's name; "publish anyway" lets it through. */
async function guardCarrierNames(fd: FormData, input: { incident_id?: string; body: string; bodies_by_region: Record<string, string>; impacts: unknown[] }): Promise<void> {
  if (checkbox(fd, 'publish_anyway')) return;
  const warnings = await checkCarrierNames(input);
  if (warnings.length === 0) return;
  throw new AppError('validation', `${warnings.join(' ')} Write a text per carrier, or confirm to publish as written.`, 'publish_anyway', { confirm: { name: 'publish_anyway', label: 'Publish anyway: I have checked who reads each text' } });
}

export async function declareIncidentAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const input = { name: text(fd, 'name'), kind: text(fd, 'kind') || undefined, status: text(fd, 'status') || undefined, impact: text(fd, 'impact') || undefined, body: text(fd, 'body'), bodies_by_region: bodiesByRegionFrom(fd), next_update_at: zonedDateTime(fd, 'next_update_at', 'next_update_zone'), deliver_notifications: checkbox(fd, 'deliver_notifications'), impacts: impactsFrom(fd) };
    await guardCarrierNames(fd, input);
    const created = await createIncident({ actor, input });
    const waiting = created.update.state === 'pending_approval';
    return { to: `/admin/incidents/${created.id}`, message: waiting ? 'Incident saved. It declares data lost, so a second staff member must approve it before it is published or mailed.' : 'Incident declared and published.' };
  });
}

export async function postUpdateAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const id = text(fd, 'incident_id');
    const input = {
      incident_id: id,
      version: text(fd, 'version'),
      status: text(fd, 'status'),
      impact: optionalText(fd, 'impact'),
      body: text(fd, 'body'),
      bodies_by_region: bodiesByRegionFrom(fd),
      next_update_at: zonedDateTime(fd, 'next_update_at', 'next_update_zone'),
      deliver_notifications: checkbox(fd, 'deliver_notifications'),
      impacts: impactsFrom(fd),
      display_at: dateTimeInZone(text(fd, 'display_at'), 0),
    };
    await guardCarrierNames(fd, input);
    const result = await postUpdate({ actor, input });
    return { to: `/admin/incidents/${id}`, message: result.state === 'pending_approval' ? 'Update saved and waiting for a second staff member to approve (it declares data lost).' : 'Update published.' };
  });
}

export async function resolveIncidentAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    if (!checkbox(fd, 'confirm')) throw new AppError('validation', 'Tick the box to confirm that the incident is resolved.', 'confirm');
    const id = text(fd, 'incident_id');
    await resolveIncident({ actor, input: { incident_id: id, version: text(fd, 'version'), body: optionalText(fd, 'body'), deliver_notifications: checkbox(fd, 'deliver_notifications') } });
    return { to: `/admin/incidents/${id}`, message: 'Resolved. Affected components are back to operational.' };
  });
}

export async function approveUpdateAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const reopen = text(fd, 'reopen') === 'yes';
    const r = await approveUpdate({ actor, input: { update_id: text(fd, 'update_id'), reopen } }).catch((error: unknown) => {
      // Resolved since the page was drawn: show the page as it is now, with the question and its "Approve and reopen" button.
      if (error instanceof AppError && error.field === 'reopen') refreshPage();
      throw error;
    });
    return { to: `/admin/incidents/${r.incidentId}`, message: reopen ? 'Approved and published; the incident is open again.' : 'Approved and published.' };
  });
}

export async function rejectUpdateAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const r = await rejectUpdate({ actor, input: { update_id: text(fd, 'update_id'), reason: optionalText(fd, 'reason') } });
    return { to: `/admin/incidents/${r.incidentId}`, message: 'Update rejected; nothing was published or mailed.' };
  });
}

export async function editIncidentAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const id = text(fd, 'incident_id');
    const schedule = fd.has('scheduled_for') ? { scheduled_for: dateTimeInZone(text(fd, 'scheduled_for'), 0) ?? null, scheduled_until: dateTimeInZone(text(fd, 'scheduled_until'), 0) ?? null } : {};
    await updateIncident({ actor, input: { incident_id: id, version: text(fd, 'version'), name: text(fd, 'name'), impact: text(fd, 'impact'), translations: translationsFrom(fd), ...schedule } });
    return { to: `/admin/incidents/${id}`, message: 'Incident details saved.' };
  });
}

export async function postmortemAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const id = text(fd, 'incident_id');
    const r = await updatePostmortem({ actor, input: { incident_id: id, version: text(fd, 'version'), body: text(fd, 'body'), publish: text(fd, 'intent') === 'publish', translations: translationsFrom(fd) } });
    return { to: `/admin/incidents/${id}`, message: r.published ? 'Postmortem published.' : 'Postmortem draft saved (not public).' };
  });
}
