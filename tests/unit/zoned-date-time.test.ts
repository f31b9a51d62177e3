import { describe, expect, it } from 'vitest';
import { zonedDateTime } from '@/app/admin/_lib/form-data';
import { AppError } from '@/lib/server/errors';

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
};
const read = (fields: Record<string, string>) => zonedDateTime(form(fields), 'next_update_at', 'next_update_zone');

describe('a console time typed on the clock of a chosen zone', () => {
  it('is read in that zone, in UTC without one, and passes ISO text with an offset through', () => {
    expect(read({ next_update_at: '2026-12-01T09:00', next_update_zone: 'Australia/Sydney' })).toBe('2026-11-30T22:00:00.000Z');
    expect(read({ next_update_at: '2026-12-01T09:00', next_update_zone: 'America/Los_Angeles' })).toBe('2026-12-01T17:00:00.000Z');
    expect(read({ next_update_at: '2026-12-01T09:00' })).toBe('2026-12-01T09:00:00.000Z');
    expect(read({ next_update_at: '2026-12-01T09:00:00+11:00', next_update_zone: 'America/Los_Angeles' })).toBe('2026-12-01T09:00:00+11:00');
    expect(read({ next_update_at: '  ', next_update_zone: 'Australia/Sydney' })).toBeUndefined();
  });

  it('refuses a time the zone skips, an unknown zone and a malformed time, naming the field', () => {
    const refusal = (fields: Record<string, string>) => {
      try {
        read(fields);
      } catch (error) {
        return error as AppError;
      }
      throw new Error('not refused');
    };
    const gap = refusal({ next_update_at: '2027-03-14T02:30', next_update_zone: 'America/Los_Angeles' });
    expect(gap).toBeInstanceOf(AppError);
    expect(gap.field).toBe('next_update_at');
    expect(gap.message).toBe('next_update_at: 02:30 on 2027-03-14 does not exist in America/Los_Angeles: the clocks go forward 1 hour then. Choose a time outside the gap.');
    expect(refusal({ next_update_at: '2027-03-14T02:30', next_update_zone: 'Mars/Olympus' }).message).toMatch(/^next_update_at: not a time zone Candor knows/);
    expect(refusal({ next_update_at: 'tomorrow', next_update_zone: 'UTC' }).message).toBe('next_update_at: a date and time like 2026-12-01T02:00');
  });
});
