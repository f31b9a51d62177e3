/**
 * Orders tables so that every table comes after the tables its foreign keys point to (parents
 * first), keeping the given order where the keys allow it. A table pointing at itself is allowed;
 * a cycle between tables cannot be ordered and throws, naming them.
 */
export function dependencyOrder(tables: readonly string[], references: readonly { from: string; to: string }[]): string[] {
  const known = new Set(tables);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const r of references) if (r.from !== r.to && known.has(r.from) && known.has(r.to)) parents.get(r.from)!.add(r.to);
  const placed = new Set<string>();
  const order: string[] = [];
  while (order.length < tables.length) {
    const next = tables.find((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
    if (next === undefined) throw new Error(`foreign keys form a cycle between ${tables.filter((t) => !placed.has(t)).join(', ')}`);
    placed.add(next);
    order.push(next);
  }
  return order;
}
