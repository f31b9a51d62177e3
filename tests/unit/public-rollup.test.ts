import { describe, expect, it } from 'vitest';
import { rollup, type ImpactRow } from '@/lib/domain/rollup';
import { cellLabel, cellText, impactMatrix } from '@/lib/domain/impact-matrix';

const components = [
  { id: 'contacts', name: 'Contacts', groupId: 'data', status: 'operational' as const },
  { id: 'photos', name: 'Photos', groupId: 'data', status: 'degraded_performance' as const },
  { id: 'portal', name: 'Web portal', groupId: null, status: 'operational' as const },
];
const regions = [
  { id: 'us', slug: 'tmobile-us', carrier: 'T-Mobile', product: 'Sidekick' },
  { id: 'au', slug: 'telstra-au', carrier: 'Telstra', product: 'Hiptop' },
];
const impact = (p: Partial<ImpactRow>): ImpactRow => ({ incidentId: 'i1', componentId: 'contacts', regionId: 'us', status: 'major_outage', dataState: 'intact', affectedUsers: 0, restoredUsers: 0, ...p });

describe('rollup', () => {
  it('starts from the baseline status of each component in every region', () => {
    const r = rollup(components, regions, []);
    expect(r.cell('contacts', 'us').status).toBe('operational');
    expect(r.cell('photos', 'au').status).toBe('degraded_performance');
    expect(r.component('photos')).toBe('degraded_performance');
    expect(r.region('us')).toBe('degraded_performance');
  });

  it('takes the worst status and data state of active impacts, per region, and sums users', () => {
    const r = rollup(components, regions, [
      impact({ dataState: 'at_risk', affectedUsers: 100, restoredUsers: 10 }),
      impact({ incidentId: 'i2', status: 'partial_outage', dataState: 'lost', affectedUsers: 50, restoredUsers: 5 }),
      impact({ regionId: 'au', status: 'partial_outage', dataState: 'recovering' }),
    ]);
    const us = r.cell('contacts', 'us');
    expect(us).toMatchObject({ status: 'major_outage', dataState: 'lost', affectedUsers: 150, restoredUsers: 15, incidentIds: ['i1', 'i2'] });
    expect(r.cell('contacts', 'au')).toMatchObject({ status: 'partial_outage', dataState: 'recovering' });
    expect(r.component('contacts')).toBe('major_outage');
    expect(r.component('contacts', ['au'])).toBe('partial_outage');
    expect(r.componentData('contacts')).toBe('lost');
    expect(r.region('au')).toBe('partial_outage');
  });

  it('ignores impacts on unknown components or regions', () => {
    const r = rollup(components, regions, [impact({ componentId: 'gone' }), impact({ regionId: 'mars' })]);
    expect(r.component('contacts')).toBe('operational');
  });
});

describe('impact matrix', () => {
  it('labels each cell in words, naming the carrier and product', () => {
    expect(cellLabel('Contacts', regions[1]!, 'operational', 'at_risk')).toBe('Contacts, Telstra Hiptop: data at risk');
    expect(cellLabel('Contacts', regions[1]!, 'major_outage', 'lost')).toBe('Contacts, Telstra Hiptop: major outage, data likely lost');
    expect(cellLabel('Photos', regions[0]!, 'operational', 'intact')).toBe('Photos, T-Mobile Sidekick: operational');
    expect(cellText('partial_outage', 'recovering')).toBe('Partial outage · data being recovered');
  });

  it('lays out sections by group with ungrouped components last', () => {
    const r = rollup(components, regions, [impact({ regionId: 'au', dataState: 'at_risk' })]);
    const sections = impactMatrix([{ id: 'data', name: 'Personal data' }], components, regions, r);
    expect(sections.map((s) => s.name)).toEqual(['Personal data', null]);
    expect(sections[0]!.rows.map((row) => row.name)).toEqual(['Contacts', 'Photos']);
    const cell = sections[0]!.rows[0]!.cells[1]!;
    expect(cell).toMatchObject({ regionId: 'au', status: 'major_outage', dataState: 'at_risk', label: 'Contacts, Telstra Hiptop: major outage, data at risk' });
    expect(sections[1]!.rows[0]!.cells.every((c) => c.status === 'operational')).toBe(true);
  });
});
