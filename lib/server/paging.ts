import { z } from 'zod';
import { parseInput } from './validate';

// Paging values arrive as text from query strings (and as numbers from code). One rule for every
// list: a whole number in range, or 422 naming the field. "1e309", "-1", "1.5", "NaN", a value
// given twice (an array) and numbers past the range are refused, never clamped into a crash.

export const MAX_PAGE = 100_000;

const digits = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : /^\s*\d{1,15}\s*$/.test(v) ? Number(v) : v) : v);

/** A page number or page size: `fallback` when absent, else a whole number from 1 to `max`. */
export function wholeNumber(max: number, fallback: number) {
  const message = `a whole number from 1 to ${max}`;
  return z.preprocess(digits, z.number({ error: message }).int({ error: message }).min(1, { error: message }).max(max, { error: message }).default(fallback));
}

/** `?page=&per_page=` of a list (URLSearchParams keeps repeats, which are refused). */
export function parsePaging(params: URLSearchParams | Record<string, string | string[] | undefined>, { perPageMax = 200, perPageDefault = 50, perPageName = 'per_page' } = {}): { page: number; perPage: number } {
  const get = (name: string) => {
    const all = params instanceof URLSearchParams ? params.getAll(name) : [params[name] ?? []].flat();
    return all.length > 1 ? all : all[0];
  };
  const schema = z.object({ page: wholeNumber(MAX_PAGE, 1), [perPageName]: wholeNumber(perPageMax, perPageDefault) });
  const parsed = parseInput(schema, { page: get('page'), [perPageName]: get(perPageName) }) as Record<string, number>;
  return { page: parsed.page ?? 1, perPage: parsed[perPageName] ?? perPageDefault };
}
