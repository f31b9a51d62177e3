import { describe, expect, it } from 'vitest';
import { moveOnePlace } from '@/lib/domain/ordering';

describe('moveOnePlace', () => {
  const order = ['contacts', 'calendar', 'todo', 'photos'];

  it('swaps with the neighbour above or below', () => {
    expect(moveOnePlace(order, 'todo', 'up')).toEqual({ order: ['contacts', 'todo', 'calendar', 'photos'], from: 2, to: 1 });
    expect(moveOnePlace(order, 'contacts', 'down')).toEqual({ order: ['calendar', 'contacts', 'todo', 'photos'], from: 0, to: 1 });
  });

  it('does nothing at either end, and leaves the input alone', () => {
    expect(moveOnePlace(order, 'contacts', 'up')).toBeNull();
    expect(moveOnePlace(order, 'photos', 'down')).toBeNull();
    expect(order).toEqual(['contacts', 'calendar', 'todo', 'photos']);
  });

  it('refuses an id that is not in the list', () => {
    expect(() => moveOnePlace(order, 'web', 'up')).toThrow(/not in the list/);
  });
});
