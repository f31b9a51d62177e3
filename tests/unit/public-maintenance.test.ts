import { describe, expect, it } from 'vitest';
import { maintenanceStatus, nextMaintenanceBoundary } from '@/lib/domain/maintenance';

const m = { status: 'scheduled', scheduledFor: '2026-11-25T10:00:00Z', scheduledUntil: '2026-11-25T12:00:00Z', autoTransition: true };

describe('maintenance status by the clock', () => {
  it('moves scheduled -> in_progress -> completed at the set times', () => {
    expect(maintenanceStatus(m, new Date('2026-11-25T09:59:59Z'))).toBe('scheduled');
    expect(maintenanceStatus(m, new Date('2026-11-25T10:00:00Z'))).toBe('in_progress');
    expect(maintenanceStatus(m, new Date('2026-11-25T12:00:00Z'))).toBe('completed');
  });

  it('keeps what staff set by hand', () => {
    expect(maintenanceStatus({ ...m, status: 'verifying' }, new Date('2026-11-25T13:00:00Z'))).toBe('verifying');
    expect(maintenanceStatus({ ...m, status: 'completed' }, new Date('2026-11-25T09:00:00Z'))).toBe('completed');
    expect(maintenanceStatus({ ...m, autoTransition: false }, new Date('2026-11-25T11:00:00Z'))).toBe('scheduled');
    expect(maintenanceStatus({ ...m, autoTransition: false, status: 'in_progress' }, new Date('2026-11-25T13:00:00Z'))).toBe('in_progress');
  });

  it('finds the next boundary after now', () => {
    expect(nextMaintenanceBoundary([m], new Date('2026-11-25T09:00:00Z'))?.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(nextMaintenanceBoundary([m], new Date('2026-11-25T10:30:00Z'))?.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(nextMaintenanceBoundary([m], new Date('2026-11-25T12:30:00Z'))).toBeNull();
    expect(nextMaintenanceBoundary([{ ...m, autoTransition: false }], new Date('2026-11-25T09:00:00Z'))).toBeNull();
  });
});
