import { describe, expect, it } from 'vitest';
import { chosenCells } from '@/lib/domain/impact-choice';

const components = ['contacts', 'calendar', 'photos'];
const regions = ['tmobile-us', 'telstra-au'];
const keys = (r: { component: string; region: string }[]) => r.map((c) => `${c.component}/${c.region}`);

describe('chosenCells', () => {
  it('expands whole rows and columns, keeps single cells, in grid order without repeats', () => {
    expect(keys(chosenCells({ cells: ['photos/tmobile-us', 'contacts/telstra-au'], rows: ['contacts'], cols: ['telstra-au'] }, components, regions))).toEqual([
      'contacts/tmobile-us',
      'contacts/telstra-au',
      'calendar/telstra-au',
      'photos/tmobile-us',
      'photos/telstra-au',
    ]);
  });

  it('ignores names that are not on the grid, and chooses nothing from nothing', () => {
    expect(keys(chosenCells({ cells: ['mail/tmobile-us', 'contacts/rogers-ca'], rows: ['mail'], cols: ['rogers-ca'] }, components, regions))).toEqual([]);
    expect(chosenCells({ cells: [], rows: [], cols: [] }, components, regions)).toEqual([]);
  });
});
