/** A page's query string as Next hands it over. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The first value of a query parameter given once or repeated. */
export const firstParam = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
