import { formatDateTime, formatUtc } from './time';

// Scheduled maintenance moves through scheduled -> in_progress -> completed by the clock when
// autoTransition is on; staff may set verifying or completed by hand, which the clock never undoes.

export type MaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';

export interface MaintenanceTiming {
  status: string;
  scheduledFor: string | null;
  scheduledUntil: string | null;
  autoTransition: boolean;
}

const MANUAL_FINAL: ReadonlySet<string> = new Set(['verifying', 'completed', 'resolved', 'postmortem']);

export function maintenanceStatus(m: MaintenanceTiming, now: Date): MaintenanceStatus {
  if (MANUAL_FINAL.has(m.status)) return m.status === 'verifying' ? 'verifying' : 'completed';
  if (!m.autoTransition) return m.status === 'in_progress' ? 'in_progress' : 'scheduled';
  const t = now.getTime();
  const from = m.scheduledFor ? Date.parse(m.scheduledFor) : NaN;
  const until = m.scheduledUntil ? Date.parse(m.scheduledUntil) : NaN;
  if (!Number.isNaN(until) && t >= until) return 'completed';
  if (!Number.isNaN(from) && t >= from) return 'in_progress';
  return m.status === 'in_progress' ? 'in_progress' : 'scheduled';
}

/** The next instant after `now` at which some maintenance changes status by itself, if any. */
export function nextMaintenanceBoundary(list: MaintenanceTiming[], now: Date): Date | null {
  let next = Infinity;
  for (const m of list) {
    if (!m.autoTransition || MANUAL_FINAL.has(m.status)) continue;
    for (const iso of [m.scheduledFor, m.scheduledUntil]) {
      const t = iso ? Date.parse(iso) : NaN;
      if (!Number.isNaN(t) && t > now.getTime() && t < next) next = t;
    }
  }
  return Number.isFinite(next) ? new Date(next) : null;
}

/** "Starts"/"Started" and "Ends"/"Ended" for a window as read at `now`: a future start never reads "started". */
export function windowWords(from: Date | string, until: Date | string | null, now: Date): { start: 'Starts' | 'Started'; end: 'Ends' | 'Ended' } {
  const t = now.getTime();
  return { start: new Date(from).getTime() > t ? 'Starts' : 'Started', end: until !== null && new Date(until).getTime() <= t ? 'Ended' : 'Ends' };
}

/** A window on the clock of the zone it was chosen in, then in UTC: staff see both before and after saving. */
export function describeWindow(from: Date, until: Date, timeZone: string): string {
  const local = `${formatDateTime(from, timeZone)} to ${formatDateTime(until, timeZone)}`;
  return timeZone === 'UTC' || timeZone === 'Etc/UTC' ? local : `${local} (${timeZone}); in UTC ${formatUtc(from)} to ${formatUtc(until)}`;
}
