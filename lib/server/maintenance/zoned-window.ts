import { z } from 'zod';
import { isValidTimeZone, wallTimeProblem, wallTimeToUtc } from '@/lib/domain/time';

type WindowField = 'scheduled_for' | 'scheduled_until';

const wall = (empty: string) => z.string().trim().min(1, empty).max(40);

/**
 * A maintenance window as staff type it: two datetime-local values on the wall clock of a chosen
 * zone. Comes out as UTC instants; a time the zone skips (clocks going forward) is refused with
 * the field named, a time it repeats (clocks going back) is the first of the two.
 */
export const ZonedWindowInput = z
  .object({
    time_zone: z.string().trim().min(1, 'choose a time zone').max(64).refine(isValidTimeZone, 'not a time zone Candor knows (use an IANA name such as Australia/Sydney)'),
    scheduled_for: wall('enter when the maintenance starts'),
    scheduled_until: wall('enter when the maintenance ends'),
  })
  .transform((v, ctx) => {
    const read = (field: WindowField) => {
      const r = wallTimeToUtc(v[field], v.time_zone);
      if (r.ok) return r;
      ctx.addIssue({ code: 'custom', path: [field], message: wallTimeProblem(v[field], v.time_zone, r) });
      return null;
    };
    const from = read('scheduled_for');
    const until = read('scheduled_until');
    if (!from || !until) return z.NEVER;
    if (until.at.getTime() <= from.at.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['scheduled_until'], message: 'must be after the start' });
      return z.NEVER;
    }
    const ambiguous = (['scheduled_for', 'scheduled_until'] as const).filter((f) => (f === 'scheduled_for' ? from : until).ambiguous);
    return { timeZone: v.time_zone, scheduledFor: from.at, scheduledUntil: until.at, ambiguous };
  });
export type ZonedWindowInput = z.input<typeof ZonedWindowInput>;
export type ZonedWindow = z.output<typeof ZonedWindowInput>;

/** A note for staff when a typed time happened twice (clocks going back) and the first was taken. */
export function ambiguityNote(window: ZonedWindow, typed: Record<WindowField, string>): string | undefined {
  if (window.ambiguous.length === 0) return undefined;
  const times = window.ambiguous.map((f) => typed[f].trim().replace('T', ' ')).join(' and ');
  return `${times} happens twice in ${window.timeZone} (the clocks go back then); Candor took the first, before the change.`;
}
