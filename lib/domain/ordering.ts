// Reordering by "move up / move down": swap with the neighbour, then number densely from 0.

export interface Move {
  /** The ids in their new order; positions are their indexes. */
  order: string[];
  from: number;
  to: number;
}

/** The new order after moving `id` one place; null when it is already at that end. Throws if absent. */
export function moveOnePlace(order: readonly string[], id: string, direction: 'up' | 'down'): Move | null {
  const from = order.indexOf(id);
  if (from < 0) throw new Error(`${id} is not in the list`);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (to < 0 || to >= order.length) return null;
  const next = [...order];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return { order: next, from, to };
}
