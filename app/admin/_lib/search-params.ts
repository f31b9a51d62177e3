import { AppError } from '@/lib/server/errors';
import { parsePaging } from '@/lib/server/paging';

/** A page's query string as Next hands it over. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The first value of a query parameter given once or repeated. */
export const firstParam = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * The page number of a console list, checked like the API's (a whole number from 1 to MAX_PAGE,
 * given once); a bad one shows page 1 with the reason instead of failing the page.
 */
export function pageOf(params: Record<string, string | string[] | undefined>): { page: number; error?: string } {
  try {
    return { page: parsePaging({ page: params.page }).page };
  } catch (error) {
    if (error instanceof AppError) return { page: 1, error: `Showing the first page: ${error.message}.` };
    throw error;
  }
}
