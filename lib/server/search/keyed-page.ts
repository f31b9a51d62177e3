import { dialect, num, rows, ts, tsParam } from '@/lib/jobs/sql';

// Text search without LIKE. Prisma's `contains`/`startsWith` pass % and _ through as wildcards on
// both engines (and SQLite's LIKE has no escape character at all), so a search for "_" matched
// every row. These conditions compare by position instead, so every character means itself.

/** One SQL condition with `?` for each parameter, numbered when the query is assembled. */
export interface Cond {
  sql: string;
  params: unknown[];
}

const text = () => (dialect() === 'postgresql' ? '?::text' : '?');

/** Case-insensitive (ASCII on SQLite) literal substring. */
export const containsText = (column: string, value: string): Cond => ({ sql: `${dialect() === 'postgresql' ? 'strpos' : 'instr'}(lower(${column}), lower(${text()})) > 0`, params: [value] });

/** Literal, case-sensitive prefix. */
export const startsWithText = (column: string, value: string): Cond => ({ sql: `substr(${column}, 1, length(${text()})) = ${text()}`, params: [value, value] });

export const equals = (column: string, value: string): Cond => ({ sql: `${column} = ${text()}`, params: [value] });
export const isNull = (column: string, nullOrNot: boolean): Cond => ({ sql: `${column} IS ${nullOrNot ? '' : 'NOT '}NULL`, params: [] });
export const atOrAfter = (column: string, when: Date): Cond => ({ sql: `${column} >= TS`, params: [tsParam(when)] });
export const atOrBefore = (column: string, when: Date): Cond => ({ sql: `${column} <= TS`, params: [tsParam(when)] });
export const anyOf = (...conds: Cond[]): Cond => ({ sql: `(${conds.map((c) => c.sql).join(' OR ')})`, params: conds.flatMap((c) => c.params) });

/** Numbers the placeholders in order ($1..$n); TS marks a timestamp parameter. */
function assemble(conds: Cond[], first = 1): { where: string; params: unknown[]; next: number } {
  let n = first;
  const where = conds.length === 0 ? 'TRUE' : conds.map((c) => `(${c.sql})`).join(' AND ');
  const sql = where.replace(/\?(::text)?|TS/g, (m) => (m === 'TS' ? ts(n++) : `$${n++}${m.slice(1)}`));
  return { where: dialect() === 'sqlite' ? sql.replace(/\bTRUE\b/g, '1') : sql, params: conds.flatMap((c) => c.params), next: n };
}

/**
 * The keys (primary key values) of one page of `table` under `conds`, in `orderBy` order, and
 * the total; callers load the rows themselves with Prisma by key. Identifiers here are Candor's
 * own constants, never input.
 */
export async function keyedPage({ table, key, conds, orderBy, skip, take }: { table: string; key: string; conds: Cond[]; orderBy: string; skip: number; take: number }): Promise<{ total: number; keys: unknown[] }> {
  const { where, params, next } = assemble(conds);
  const [count] = await rows<{ n: unknown }>(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`, params);
  const page = await rows<{ k: unknown }>(`SELECT "${key}" AS k FROM "${table}" WHERE ${where} ORDER BY ${orderBy} LIMIT $${next} OFFSET $${next + 1}`, [...params, take, skip]);
  return { total: num(count?.n), keys: page.map((r) => r.k) };
}

/** Puts rows loaded by key back into the page's order. */
export function inKeyOrder<T>(keys: unknown[], list: T[], keyOf: (row: T) => unknown): T[] {
  const byKey = new Map(list.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k)).filter((r): r is T => r !== undefined);
}
