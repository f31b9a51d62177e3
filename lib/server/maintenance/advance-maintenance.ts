import { closingStatus } from '@/lib/domain/incident-lifecycle';
import { systemActor } from '../actor';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { currentImpacts } from '../incidents/recompute-incident';
import { writeUpdate } from '../incidents/write-update';
import { queueNotice } from '../notices/queue-notice';
import { logger } from '../log/logger';

export interface AdvanceResult {
  started: string[];
  completed: string[];
  reminded: string[];
}

const START_TEXT = 'The scheduled maintenance has started.';
const DONE_TEXT = 'The scheduled maintenance is complete.';

/**
 * Moves due maintenance along by the clock: scheduled -> in_progress (cells under_maintenance),
 * then -> completed (cells operational), each with an update by "Candor". Every step is claimed
 * with a conditional update on the status, so when several instances run this at once exactly
 * one of them performs it. Also queues the optional reminder once.
 */
export async function advanceMaintenance(now: Date = new Date()): Promise<AdvanceResult> {
  const result: AdvanceResult = { started: [], completed: [], reminded: [] };
  const due = await db().incident.findMany({
    where: {
      kind: 'maintenance',
      autoTransition: true,
      OR: [
        { status: 'scheduled', scheduledFor: { lte: now } },
        { status: { in: ['scheduled', 'in_progress'] }, scheduledUntil: { lte: now } },
        { status: 'scheduled', remindBeforeMinutes: { not: null }, reminderSentAt: null, scheduledFor: { gt: now } },
      ],
    },
    include: { updates: { orderBy: { createdAt: 'asc' }, take: 1, select: { deliverNotifications: true } } },
  });
  for (const m of due) {
    const notify = m.updates[0]?.deliverNotifications ?? false;
    const ending = m.scheduledUntil && m.scheduledUntil <= now;
    const starting = !ending && m.status === 'scheduled' && m.scheduledFor && m.scheduledFor <= now;
    if (ending || starting) {
      const to = ending ? closingStatus('maintenance') : 'in_progress';
      // A window found already over while still scheduled (Candor was down, or busy, through all
      // of it) still gets its start in the timeline, at its planned time. Only the end is
      // announced: a "has started" notice about a window that is over would mislead. (Only with a
      // start before the end to put it at: the timeline is ordered by those times.)
      const missedStart = Boolean(ending) && m.status === 'scheduled' && m.scheduledFor !== null && m.scheduledUntil !== null && m.scheduledFor < m.scheduledUntil;
      const done = await db().$transaction(async (tx) => {
        const claimed = await tx.incident.updateMany({ where: { id: m.id, status: m.status, autoTransition: true }, data: { status: to, version: { increment: 1 } } });
        if (claimed.count !== 1) return false;
        const cells = await currentImpacts(tx, m.id);
        const step = async (start: boolean, from: string, deliverNotifications: boolean) => {
          const status = start ? 'in_progress' : to;
          const changes = cells.map((c) => ({ ...c, status: start ? ('under_maintenance' as const) : ('operational' as const) }));
          const displayAt = (start ? m.scheduledFor : m.scheduledUntil) ?? now;
          await writeUpdate(tx, { incidentId: m.id, kind: 'maintenance', actor: systemActor, status, body: start ? START_TEXT : DONE_TEXT, changes, deliverNotifications, displayAt, isFirst: false, now });
          await writeAudit(tx, systemActor, { action: start ? 'maintenance.start' : 'maintenance.complete', objectType: 'incident', objectId: m.id, before: { status: from }, after: { status } }, now);
        };
        if (missedStart) await step(true, m.status, false);
        await step(!ending, missedStart ? 'in_progress' : m.status, notify);
        return true;
      });
      if (done && (starting || missedStart)) result.started.push(m.id);
      if (done && ending) result.completed.push(m.id);
      continue;
    }
    const remindAt = m.scheduledFor && m.remindBeforeMinutes ? m.scheduledFor.getTime() - m.remindBeforeMinutes * 60_000 : Infinity;
    if (remindAt <= now.getTime()) {
      const sent = await db().$transaction(async (tx) => {
        const claimed = await tx.incident.updateMany({ where: { id: m.id, reminderSentAt: null }, data: { reminderSentAt: now } });
        if (claimed.count !== 1) return false;
        await queueNotice(tx, { incidentId: m.id, kind: 'maintenance', actor: systemActor, dedupeKey: `maintenance-reminder:${m.id}` }, now);
        await writeAudit(tx, systemActor, { action: 'maintenance.remind', objectType: 'incident', objectId: m.id, after: { remindBeforeMinutes: m.remindBeforeMinutes } }, now);
        return true;
      });
      if (sent) result.reminded.push(m.id);
    }
  }
  if (result.started.length + result.completed.length > 0) await publishChange('maintenance').catch((e: unknown) => logger('server').warn({ err: e }, 'publishChange failed'));
  return result;
}

/** The next instant something is due (start, end or reminder), to wake exactly then. */
export async function nextMaintenanceWake(now: Date = new Date()): Promise<Date | null> {
  const open = await db().incident.findMany({
    where: { kind: 'maintenance', autoTransition: true, status: { in: ['scheduled', 'in_progress'] } },
    select: { status: true, scheduledFor: true, scheduledUntil: true, remindBeforeMinutes: true, reminderSentAt: true },
  });
  let next = Infinity;
  for (const m of open) {
    const times = [m.status === 'scheduled' ? m.scheduledFor?.getTime() : undefined, m.scheduledUntil?.getTime()];
    if (m.status === 'scheduled' && m.scheduledFor && m.remindBeforeMinutes && !m.reminderSentAt) times.push(m.scheduledFor.getTime() - m.remindBeforeMinutes * 60_000);
    for (const t of times) if (t !== undefined && t > now.getTime() && t < next) next = t;
  }
  return Number.isFinite(next) ? new Date(next) : null;
}
