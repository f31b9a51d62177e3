'use server';

import { describeWindow } from '@/lib/domain/maintenance';
import { requireStaffAction } from '@/lib/server/auth/csrf';
import { planMaintenance } from '@/lib/server/maintenance/plan-maintenance';
import { rescheduleMaintenance } from '@/lib/server/maintenance/reschedule-maintenance';
import { attempt, type FormState } from '../_lib/action-state';
import { checkbox, impactsFrom, intOrUndefined, text } from '../_lib/form-data';

export async function planMaintenanceAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const created = await planMaintenance({
      actor,
      input: {
        name: text(fd, 'name'),
        impact: 'minor',
        body: text(fd, 'body'),
        deliver_notifications: checkbox(fd, 'deliver_notifications'),
        time_zone: text(fd, 'time_zone'),
        scheduled_for: text(fd, 'scheduled_for'),
        scheduled_until: text(fd, 'scheduled_until'),
        auto_transition: checkbox(fd, 'auto_transition'),
        remind_before_minutes: intOrUndefined(fd, 'remind_before_minutes'),
        impacts: impactsFrom(fd),
      },
    });
    const window = describeWindow(created.scheduledFor, created.scheduledUntil, created.timeZone);
    const done = `Maintenance planned for ${window}.${checkbox(fd, 'auto_transition') ? ' It starts and completes by itself at the set times.' : ''}`;
    return { to: `/admin/incidents/${created.id}`, message: created.note ? `${done} ${created.note}` : done };
  });
}

export async function rescheduleMaintenanceAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const r = await rescheduleMaintenance({
      actor,
      input: { incident_id: text(fd, 'incident_id'), version: text(fd, 'version'), time_zone: text(fd, 'time_zone'), scheduled_for: text(fd, 'scheduled_for'), scheduled_until: text(fd, 'scheduled_until') },
    });
    const saved = `Window saved: ${describeWindow(r.scheduledFor, r.scheduledUntil, r.timeZone)}.`;
    return { to: `/admin/maintenance/${encodeURIComponent(r.id)}?tz=${encodeURIComponent(r.timeZone)}`, message: r.note ? `${saved} ${r.note}` : saved };
  });
}
