import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, formatUtc, isoInZone, isValidTimeZone, monthLabel, parseHttpDate, shiftMonth, zoneOffset } from '@/lib/domain/time';

const at = new Date('2026-11-25T09:03:00Z');

describe('time in a zone', () => {
  it('gives ISO 8601 with the zone offset', () => {
    expect(isoInZone(at, 'UTC')).toBe('2026-11-25T09:03:00.000+00:00');
    expect(isoInZone(at, 'Australia/Sydney')).toBe('2026-11-25T20:03:00.000+11:00');
    expect(isoInZone(at, 'America/Los_Angeles')).toBe('2026-11-25T01:03:00.000-08:00');
    expect(isoInZone(new Date('2026-07-01T00:00:00Z'), 'America/Los_Angeles')).toBe('2026-06-30T17:00:00.000-07:00');
    expect(zoneOffset(at, 'Asia/Kolkata')).toBe('+05:30');
  });

  it('formats local times with the UTC alternative', () => {
    expect(formatDateTime(at, 'Australia/Sydney', 'en-AU')).toMatch(/25 Nov 2026.*8:03.*pm/i);
    expect(formatUtc(at)).toBe('25 Nov 2026, 09:03 UTC');
  });

  it('validates zones and walks months', () => {
    expect(isValidTimeZone('Australia/Sydney')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-11', 2)).toBe('2027-01');
    expect(monthLabel('2009-10')).toBe('October 2009');
  });

  it('formats durations', () => {
    expect(formatDuration(5 * 60_000)).toBe('5 min');
    expect(formatDuration(90 * 60_000)).toBe('1 h 30 min');
    expect(formatDuration(50 * 3_600_000)).toBe('2 d 2 h');
  });
});

describe('HTTP dates (If-Modified-Since)', () => {
  const now = new Date('2026-11-25T09:00:00Z');
  it('reads the three forms RFC 9110 allows', () => {
    const ms = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(ms);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(ms);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', now)).toBe(ms);
    expect(parseHttpDate(new Date('2026-11-25T09:00:00Z').toUTCString(), now)).toBe(now.getTime());
  });
  it('places two-digit years within 50 years of now', () => {
    expect(parseHttpDate('Wednesday, 25-Nov-26 09:00:00 GMT', now)).toBe(now.getTime());
    expect(parseHttpDate('Thursday, 01-Jan-80 00:00:00 GMT', now)).toBe(Date.UTC(1980, 0, 1));
  });
  it('rejects anything else, so the condition is ignored', () => {
    for (const bad of ['', 'yesterday', '2026-11-25T09:00:00Z', 'Sun, 06 Nov 1994 08:49:37 UTC', 'Sun, 31 Feb 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 25:49:37 GMT', 'Sun, 06 Foo 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT']) {
      expect(parseHttpDate(bad, now), bad).toBeNull();
    }
  });
});
