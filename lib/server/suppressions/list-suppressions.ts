import { z } from 'zod';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { db } from '../db';
import { parseInput } from '../validate';

export const ListSuppressionsInput = z.object({
  /** Part of the address; addresses are stored in lower case. */
  query: z.string().trim().toLowerCase().max(254).optional().transform((v) => v || undefined),
  page: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(100_000).default(1)),
  perPage: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(200).default(50)),
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
  const where = q.query ? { email: { contains: q.query } } : {};
  const [total, suppressions] = await Promise.all([
    db().suppression.count({ where }),
    db().suppression.findMany({ where, orderBy: [{ createdAt: 'desc' }, { email: 'asc' }], skip: (q.page - 1) * q.perPage, take: q.perPage }),
  ]);
  return { total, page: q.page, perPage: q.perPage, suppressions };
}
