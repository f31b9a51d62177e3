import { z } from 'zod';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { db } from '../db';
import { MAX_PAGE, wholeNumber } from '../paging';
import { containsText, inKeyOrder, keyedPage } from '../search/keyed-page';
import { parseInput } from '../validate';

export const ListSuppressionsInput = z.object({
  /** Part of the address, taken literally; addresses are stored in lower case. */
  query: z.string().trim().toLowerCase().max(254).optional().transform((v) => v || undefined),
  page: wholeNumber(MAX_PAGE, 1),
  perPage: wholeNumber(200, 50),
});
export type ListSuppressionsInput = z.infer<typeof ListSuppressionsInput>;

export interface SuppressionRow {
  email: string;
  reason: string;
  createdAt: Date;
}

/** A page of suppressed addresses, newest first; `query` matches part of the address. */
export async function listSuppressions({ actor, input }: { actor: Actor; input: unknown }): Promise<{ total: number; page: number; perPage: number; suppressions: SuppressionRow[] }> {
  assertRole(actor, 'viewer');
  const q = parseInput(ListSuppressionsInput, input);
  const { total, keys } = await keyedPage({ table: 'Suppression', key: 'email', conds: q.query ? [containsText('"email"', q.query)] : [], orderBy: '"createdAt" DESC, "email" ASC', skip: (q.page - 1) * q.perPage, take: q.perPage });
  const emails = keys.map(String);
  const suppressions = inKeyOrder(emails, await db().suppression.findMany({ where: { email: { in: emails } } }), (r) => r.email);
  return { total, page: q.page, perPage: q.perPage, suppressions };
}
