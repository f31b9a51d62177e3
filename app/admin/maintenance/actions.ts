'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { createIncident } from '@/lib/server/incidents/create-incident';
import { attempt, type FormState } from '../_lib/action-state';
import { checkbox, impactsFrom, intOrUndefined, text, wallTimeToIso } from '../_lib/form-data';

export async function planMaintenanceAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const zone = text(fd, 'time_zone') || 'UTC';
    const created = await createIncident({
      actor,
      input: {
        name: text(fd, 'name'),
        kind: 'maintenance',
        impact: 'minor',
        body: text(fd, 'body'),
        deliver_notifications: checkbox(fd, 'deliver_notifications'),
        scheduled_for: wallTimeToIso(text(fd, 'scheduled_for'), zone),
        scheduled_until: wallTimeToIso(text(fd, 'scheduled_until'), zone),
        auto_transition: checkbox(fd, 'auto_transition'),
        remind_before_minutes: intOrUndefined(fd, 'remind_before_minutes'),
        impacts: impactsFrom(fd),
      },
    });
    return { to: `/admin/incidents/${created.id}`, message: 'Maintenance planned. It starts and completes by itself at the set times.' };
  });
}
