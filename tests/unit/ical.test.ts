import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { derive } from '@/lib/server/public/derive';
import { maintenanceCalendar } from '@/lib/server/public/ical';
import { translator } from '@/lib/i18n/t';
import type { PublicIncident } from '@/lib/server/public/model';
import { incident, iso, publicModel, update } from '../helpers/public-model-fixture';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const REBUILT = new Date('2026-11-30T12:07:30.000Z');

function maintenance(id: string, startInHours: number, updates: ReturnType<typeof update>[], status: PublicIncident['status'] = 'scheduled'): PublicIncident {
  return incident({ id, title: `Maintenance ${id}`, kind: 'maintenance', status, startedAt: iso(NOW, startInHours), createdAt: updates[0]!.createdAt, scheduledFor: iso(NOW, startInHours), scheduledUntil: iso(NOW, startInHours + 2), updates });
}

/** The calendar as ical.js (a real consumer) reads it: each event's uid, status, sequence and stamps. */
function read(now: Date, incidents: PublicIncident[]) {
  const text = maintenanceCalendar(derive(publicModel(now, incidents), now), translator('en'));
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  return Object.fromEntries(
    calendar.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return [e.uid.split('@')[0], { status: String(v.getFirstPropertyValue('status')), sequence: e.sequence, dtstamp: String(v.getFirstPropertyValue('dtstamp')), start: e.startDate.toJSDate().toISOString(), lastModified: String(v.getFirstPropertyValue('last-modified')) }];
    }),
  );
}

const planned = () => maintenance('planned', 48, [update('p1', 'scheduled', iso(NOW, -5))]);
const done = () => maintenance('done', -6, [update('d1', 'scheduled', iso(NOW, -30)), update('d2', 'in_progress', iso(NOW, -6)), update('d3', 'completed', iso(NOW, -4))], 'completed');
// "Cancel maintenance" in the console: closed while still scheduled, before its start.
const cancelled = () => maintenance('cancelled', 24, [update('c1', 'scheduled', iso(NOW, -10)), update('c2', 'completed', iso(NOW, -1), 'This maintenance is cancelled.')], 'completed');

describe('the maintenance calendar, read back with ical.js', () => {
  it('says CANCELLED for a cancelled maintenance and CONFIRMED for planned and finished ones', () => {
    const events = read(NOW, [planned(), done(), cancelled()]);
    expect(Object.keys(events).sort()).toEqual(['cancelled', 'done', 'planned']);
    expect(events.cancelled!.status).toBe('CANCELLED');
    expect(events.planned!.status).toBe('CONFIRMED');
    expect(events.done!.status).toBe('CONFIRMED');
    expect(events.planned!.start).toBe(iso(NOW, 48));
  });

  it('gives a SEQUENCE that grows with each update and is the same on every rebuild', () => {
    const first = read(NOW, [planned(), done(), cancelled()]);
    expect([first.planned!.sequence, first.cancelled!.sequence, first.done!.sequence]).toEqual([0, 1, 2]);
    const rebuilt = read(REBUILT, [planned(), done(), cancelled()]);
    expect(rebuilt.done!.sequence).toBe(first.done!.sequence);
    const moreNews = planned();
    moreNews.updates.push(update('p2', 'scheduled', iso(NOW, 0.1), 'Now with a longer window.'));
    expect(read(REBUILT, [moreNews]).planned!.sequence).toBe(1);
  });

  it('stamps DTSTAMP with the time the file was made, not the time the event last changed', () => {
    const first = read(NOW, [planned(), done()]);
    expect(first.planned!.dtstamp).toBe('2026-11-30T12:00:00Z');
    expect(first.done!.dtstamp).toBe('2026-11-30T12:00:00Z');
    expect(first.done!.lastModified).toBe(ICAL.Time.fromJSDate(new Date(iso(NOW, -4)), true).toString());
    expect(read(REBUILT, [planned()]).planned!.dtstamp).toBe('2026-11-30T12:07:30Z');
  });
});
