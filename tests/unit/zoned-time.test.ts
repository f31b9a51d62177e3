import { describe, expect, it } from 'vitest';
import { utcToWallTime, wallTimeToUtc, zoneOffsetMinutes } from '@/lib/domain/time';
import { ZonedWindowInput, ambiguityNote } from '@/lib/server/maintenance/zoned-window';

const utc = (wall: string, zone: string) => {
  const r = wallTimeToUtc(wall, zone);
  if (!r.ok) throw new Error(`${wall} in ${zone}: ${r.reason}`);
  return r.at.toISOString();
};

describe('wall-clock time in a zone to UTC', () => {
  it('reads ordinary times with the offset in force then, not now', () => {
    expect(utc('2026-12-01T02:00', 'Australia/Sydney')).toBe('2026-11-30T15:00:00.000Z'); // AEDT +11
    expect(utc('2026-07-01T02:00', 'Australia/Sydney')).toBe('2026-06-30T16:00:00.000Z'); // AEST +10
    expect(utc('2026-07-01T09:15', 'America/Los_Angeles')).toBe('2026-07-01T16:15:00.000Z'); // PDT -7
    expect(utc('2026-12-01T09:15', 'America/Los_Angeles')).toBe('2026-12-01T17:15:00.000Z'); // PST -8
    expect(utc('2026-12-01T09:15', 'Asia/Kolkata')).toBe('2026-12-01T03:45:00.000Z');
    expect(utc('2026-12-01T09:15:30', 'UTC')).toBe('2026-12-01T09:15:30.000Z');
  });

  it('refuses a time the clocks skip (spring forward), naming the size of the gap', () => {
    // Los Angeles, 8 Mar 2026: 02:00 PST becomes 03:00 PDT.
    expect(wallTimeToUtc('2026-03-08T02:30', 'America/Los_Angeles')).toEqual({ ok: false, reason: 'gap', gapMinutes: 60 });
    expect(wallTimeToUtc('2026-03-08T02:00', 'America/Los_Angeles')).toEqual({ ok: false, reason: 'gap', gapMinutes: 60 });
    expect(utc('2026-03-08T01:59', 'America/Los_Angeles')).toBe('2026-03-08T09:59:00.000Z');
    expect(utc('2026-03-08T03:00', 'America/Los_Angeles')).toBe('2026-03-08T10:00:00.000Z');
    // Sydney, 4 Oct 2026: 02:00 AEST becomes 03:00 AEDT.
    expect(wallTimeToUtc('2026-10-04T02:30', 'Australia/Sydney')).toEqual({ ok: false, reason: 'gap', gapMinutes: 60 });
    expect(utc('2026-10-04T03:00', 'Australia/Sydney')).toBe('2026-10-03T16:00:00.000Z');
    // Lord Howe Island moves only half an hour.
    expect(wallTimeToUtc('2026-10-04T02:15', 'Australia/Lord_Howe')).toEqual({ ok: false, reason: 'gap', gapMinutes: 30 });
  });

  it('takes the first of a time the clocks repeat (fall back) and says it was ambiguous', () => {
    // Sydney, 5 Apr 2026: 03:00 AEDT becomes 02:00 AEST, so 02:30 happens at +11 and again at +10.
    const sydney = wallTimeToUtc('2026-04-05T02:30', 'Australia/Sydney');
    expect(sydney).toEqual({ ok: true, at: new Date('2026-04-04T15:30:00.000Z'), ambiguous: true });
    // Los Angeles, 1 Nov 2026: 02:00 PDT becomes 01:00 PST.
    const la = wallTimeToUtc('2026-11-01T01:30', 'America/Los_Angeles');
    expect(la).toEqual({ ok: true, at: new Date('2026-11-01T08:30:00.000Z'), ambiguous: true });
    expect(wallTimeToUtc('2026-11-01T02:00', 'America/Los_Angeles')).toEqual({ ok: true, at: new Date('2026-11-01T10:00:00.000Z'), ambiguous: false });
    expect(wallTimeToUtc('2026-11-01T00:59', 'America/Los_Angeles')).toMatchObject({ ok: true, ambiguous: false });
  });

  it('refuses text that is not a real date and time, and unknown zones', () => {
    for (const bad of ['', '2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01T10:60', '2026-01-01 10:00', 'tomorrow', '2026-01-01T10:00Z']) {
      expect(wallTimeToUtc(bad, 'UTC'), bad).toEqual({ ok: false, reason: 'format' });
    }
    expect(wallTimeToUtc('2026-01-01T10:00', 'Mars/Olympus_Mons')).toEqual({ ok: false, reason: 'zone' });
  });

  it('shows stored instants back on the wall clock of a zone, round-tripping', () => {
    expect(utcToWallTime(new Date('2026-11-30T15:00:00Z'), 'Australia/Sydney')).toBe('2026-12-01T02:00');
    expect(utcToWallTime(new Date('2026-11-01T08:30:00Z'), 'America/Los_Angeles')).toBe('2026-11-01T01:30');
    expect(utcToWallTime(new Date('2026-11-01T09:30:00Z'), 'America/Los_Angeles')).toBe('2026-11-01T01:30');
    expect(utcToWallTime(new Date('2026-12-01T03:45:59.999Z'), 'Asia/Kolkata')).toBe('2026-12-01T09:15');
    for (const zone of ['UTC', 'Australia/Sydney', 'America/Los_Angeles', 'Asia/Kathmandu', 'Pacific/Chatham']) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * 3600_000 + 60_000) {
        const wall = utcToWallTime(new Date(t), zone);
        const back = wallTimeToUtc(wall, zone);
        expect(back.ok, `${zone} ${wall}`).toBe(true);
        // A repeated hour reads back as its first occurrence, so at most one offset change earlier.
        if (back.ok && back.at.getTime() !== t) expect(back.ambiguous, `${zone} ${wall}`).toBe(true);
      }
    }
  });

  it('gives the offset in minutes at an instant', () => {
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 1), 'Australia/Sydney')).toBe(660);
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 1), 'America/Los_Angeles')).toBe(-420);
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 1, 0, 0, 0, 999), 'Asia/Kathmandu')).toBe(345);
  });
});

describe('the maintenance window form input', () => {
  const parse = (input: Record<string, string>) => ZonedWindowInput.safeParse(input);

  it('converts both ends to UTC in the chosen zone', () => {
    const r = parse({ time_zone: 'Australia/Sydney', scheduled_for: '2026-12-01T02:00', scheduled_until: '2026-12-01T04:30' });
    expect(r.success && r.data).toEqual({ timeZone: 'Australia/Sydney', scheduledFor: new Date('2026-11-30T15:00:00Z'), scheduledUntil: new Date('2026-11-30T17:30:00Z'), ambiguous: [] });
  });

  it('names the field whose time falls in a DST gap, with a clear message', () => {
    const r = parse({ time_zone: 'America/Los_Angeles', scheduled_for: '2026-03-08T01:00', scheduled_until: '2026-03-08T02:30' });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([
      expect.objectContaining({ path: ['scheduled_until'], message: '02:30 on 2026-03-08 does not exist in America/Los_Angeles: the clocks go forward 1 hour then. Choose a time outside the gap.' }),
    ]);
  });

  it('refuses an end not after the start (after conversion), bad text and unknown zones', () => {
    // 01:30 PDT is the first 01:30; 01:10 is earlier the same night, so the window would run backwards.
    const backwards = parse({ time_zone: 'America/Los_Angeles', scheduled_for: '2026-11-01T01:30', scheduled_until: '2026-11-01T01:10' });
    expect(backwards.error?.issues.map((i) => i.path)).toEqual([['scheduled_until']]);
    expect(parse({ time_zone: 'UTC', scheduled_for: 'soon', scheduled_until: '2026-11-01T01:10' }).error?.issues.map((i) => [i.path, i.message])).toEqual([[['scheduled_for'], 'a date and time like 2026-12-01T02:00']]);
    expect(parse({ time_zone: 'Nowhere/City', scheduled_for: '2026-11-01T01:00', scheduled_until: '2026-11-01T02:00' }).error?.issues.map((i) => i.path)).toEqual([['time_zone']]);
    expect(parse({ time_zone: 'UTC', scheduled_for: '', scheduled_until: '2026-11-01T02:00' }).error?.issues.map((i) => i.path)).toEqual([['scheduled_for']]);
  });

  it('notes a repeated time taken as its first occurrence', () => {
    const typed = { time_zone: 'Australia/Sydney', scheduled_for: '2026-04-05T02:30', scheduled_until: '2026-04-05T05:00' };
    const r = ZonedWindowInput.parse(typed);
    expect(r.ambiguous).toEqual(['scheduled_for']);
    expect(r.scheduledFor.toISOString()).toBe('2026-04-04T15:30:00.000Z');
    expect(ambiguityNote(r, typed)).toBe('2026-04-05 02:30 happens twice in Australia/Sydney (the clocks go back then); Candor took the first, before the change.');
    expect(ambiguityNote(ZonedWindowInput.parse({ ...typed, scheduled_for: '2026-04-05T04:00' }), typed)).toBeUndefined();
  });
});
