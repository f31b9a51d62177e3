import { describe, expect, it } from 'vitest';
import { DAY_MS, formatUptime, impactIntervals, uptimeReport, weightedDowntime, windowDays, type UptimeIncident } from '@/lib/domain/uptime';

const now = new Date('2026-11-25T12:00:00Z');
const incident = (p: Partial<UptimeIncident>): UptimeIncident => ({ id: 'i1', title: 'Outage', kind: 'outage', startedAt: '2026-11-24T00:00:00Z', resolvedAt: '2026-11-24T06:00:00Z', updates: [], currentImpacts: [], ...p });
const H = 3_600_000;

describe('impact intervals', () => {
  it('follows each update in displayAt order until resolution; the first update starts at the incident start', () => {
    const list = impactIntervals(
      incident({
        updates: [
          { displayAt: '2026-11-24T04:00:00Z', impacts: [{ componentId: 'c', regionId: 'r', status: 'partial_outage' }] },
          { displayAt: '2026-11-24T00:10:00Z', impacts: [{ componentId: 'c', regionId: 'r', status: 'major_outage' }] },
        ],
      }),
      now,
    );
    expect(list.map((i) => [i.status, (i.to - i.from) / H])).toEqual([
      ['major_outage', 4],
      ['partial_outage', 2],
    ]);
  });

  it('runs to now while unresolved, uses current impacts for unnamed cells, and skips maintenance', () => {
    const open = impactIntervals(incident({ resolvedAt: null, currentImpacts: [{ componentId: 'c', regionId: 'r', status: 'major_outage' }] }), now);
    expect(open).toHaveLength(1);
    expect(open[0]!.to).toBe(now.getTime());
    expect(impactIntervals(incident({ kind: 'maintenance', currentImpacts: [{ componentId: 'c', regionId: 'r', status: 'major_outage' }] }), now)).toEqual([]);
  });
});

describe('weighted downtime', () => {
  it('counts major fully, partial at 0.3, degraded and maintenance not at all, overlaps once', () => {
    expect(weightedDowntime([{ from: 0, to: 10, status: 'major_outage' }], 0, 100)).toBe(10);
    expect(weightedDowntime([{ from: 0, to: 10, status: 'partial_outage' }], 0, 100)).toBeCloseTo(3);
    expect(weightedDowntime([{ from: 0, to: 10, status: 'degraded_performance' }, { from: 0, to: 10, status: 'under_maintenance' }], 0, 100)).toBe(0);
    expect(
      weightedDowntime(
        [
          { from: 0, to: 10, status: 'major_outage' },
          { from: 5, to: 20, status: 'partial_outage' },
        ],
        0,
        100,
      ),
    ).toBeCloseTo(10 + 10 * 0.3);
    expect(weightedDowntime([{ from: -50, to: 150, status: 'major_outage' }], 0, 100)).toBe(100);
  });
});

describe('90-day report', () => {
  const incidents = [incident({ currentImpacts: [{ componentId: 'c', regionId: 'au', status: 'major_outage' }] })];
  const report = uptimeReport({ incidents, componentIds: ['c', 'd'], regions: [{ id: 'us', estimatedUsers: 3 }, { id: 'au', estimatedUsers: 1 }], now });

  it('has 90 UTC days ending today', () => {
    const days = windowDays(now, 90);
    expect(days).toHaveLength(90);
    expect(new Date(days[89]!).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(days[1]! - days[0]!).toBe(DAY_MS);
  });

  it('computes a cell day from its intervals and lists the incident', () => {
    const day = report.cell('c', 'au').days.find((d) => d.date === '2026-11-24')!;
    expect(day.uptime).toBeCloseTo(0.75);
    expect(day.worst).toBe('major_outage');
    expect(day.incidentIds).toEqual(['i1']);
    expect(report.cell('c', 'us').uptime).toBe(1);
  });

  it('weighs regions by customers for a component, and averages components for a region', () => {
    const day = report.component('c').days.find((d) => d.date === '2026-11-24')!;
    expect(day.uptime).toBeCloseTo(1 - 0.25 * 0.25);
    const auDay = report.region('au').days.find((d) => d.date === '2026-11-24')!;
    expect(auDay.uptime).toBeCloseTo(1 - 0.25 / 2);
    expect(report.region('us').uptime).toBe(1);
  });

  it('formats uptime without rounding up to 100%', () => {
    expect(formatUptime(1)).toBe('100%');
    expect(formatUptime(0.999999)).toBe('99.99%');
    expect(formatUptime(0.75)).toBe('75.00%');
  });
});
