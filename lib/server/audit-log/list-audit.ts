import { z } from 'zod';
import { db } from '../db';
import { MAX_PAGE, wholeNumber } from '../paging';
import { anyOf, atOrAfter, atOrBefore, containsText, equals, inKeyOrder, keyedPage, startsWithText, type Cond } from '../search/keyed-page';
import { parseInput } from '../validate';

const optional = (max: number) => z.string().trim().max(max).optional().transform((v) => v || undefined);
const date = z
  .string()
  .trim()
  .max(40)
  .optional()
  .transform((v) => (v ? new Date(v) : undefined))
  .refine((d) => d === undefined || !Number.isNaN(d.getTime()), 'a date (YYYY-MM-DD or ISO 8601)');

export const ListAuditInput = z.object({
  /** Staff user id, token id, or a fragment of the label (name or e-mail). */
  actor: optional(254),
  objectType: optional(60),
  objectId: optional(64),
  action: optional(80),
  from: date,
  /** A bare date means the end of that day. */
  to: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((v) => (v ? (/^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(Date.parse(`${v}T00:00:00Z`) + 86_399_999) : new Date(v)) : undefined))
    .refine((d) => d === undefined || !Number.isNaN(d.getTime()), 'a date (YYYY-MM-DD or ISO 8601)'),
  page: wholeNumber(MAX_PAGE, 1),
  limit: wholeNumber(200, 50),
});

/** The audit trail, newest first, filtered by person, object and time. Read-only by design. */
export async function listAudit(input: unknown) {
  const q = parseInput(ListAuditInput, input);
  // Text filters are literal: a % or _ in a name or action means that character.
  const conds: Cond[] = [
    ...(q.actor ? [anyOf(equals('"actorId"', q.actor), containsText('"actorLabel"', q.actor))] : []),
    ...(q.objectType ? [equals('"objectType"', q.objectType)] : []),
    ...(q.objectId ? [equals('"objectId"', q.objectId)] : []),
    ...(q.action ? [startsWithText('"action"', q.action)] : []),
    ...(q.from ? [atOrAfter('"at"', q.from)] : []),
    ...(q.to ? [atOrBefore('"at"', q.to)] : []),
  ];
  const { total, keys } = await keyedPage({ table: 'AuditLog', key: 'id', conds, orderBy: '"at" DESC, "id" DESC', skip: (q.page - 1) * q.limit, take: q.limit });
  const ids = keys.map(Number);
  const entries = inKeyOrder(ids, await db().auditLog.findMany({ where: { id: { in: ids } } }), (e) => e.id);
  return { total, page: q.page, limit: q.limit, entries, query: q };
}

export async function auditObjectTypes(): Promise<string[]> {
  const rows = await db().auditLog.findMany({ distinct: ['objectType'], select: { objectType: true }, orderBy: { objectType: 'asc' } });
  return rows.map((r) => r.objectType);
}
