import { describe, expect, it } from 'vitest';
import { dependencyOrder } from '@/lib/domain/dependency-order';

describe('dependencyOrder', () => {
  it('puts parents before children and keeps the given order otherwise', () => {
    const order = dependencyOrder(['Delivery', 'Notice', 'Audit', 'Incident', 'Subscriber'], [
      { from: 'Delivery', to: 'Notice' },
      { from: 'Delivery', to: 'Subscriber' },
      { from: 'Notice', to: 'Incident' },
    ]);
    expect(order).toEqual(['Audit', 'Incident', 'Notice', 'Subscriber', 'Delivery']);
  });

  it('allows a table that points at itself and ignores keys to tables outside the list', () => {
    expect(dependencyOrder(['B', 'A'], [{ from: 'A', to: 'A' }, { from: 'B', to: 'Elsewhere' }, { from: 'B', to: 'A' }])).toEqual(['A', 'B']);
  });

  it('names the tables of a cycle', () => {
    expect(() => dependencyOrder(['X', 'A', 'B'], [{ from: 'A', to: 'B' }, { from: 'B', to: 'A' }])).toThrow('cycle between A, B');
  });
});
