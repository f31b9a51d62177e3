import { z } from 'zod';
import type { Prisma } from '@/lib/generated/postgresql/client';
import { db } from '../db';
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
  page: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(100_000).default(1)),
  limit: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(200).default(50)),
});

/** The audit trail, newest first, filtered by person, object and time. Read-only by design. */
export async function listAudit(input: unknown) {
  const q = parseInput(ListAuditInput, input);
  const where: Prisma.AuditLogWhereInput = {
    ...(q.actor ? { OR: [{ actorId: q.actor }, { actorLabel: { contains: q.actor } }] } : {}),
    ...(q.objectType ? { objectType: q.objectType } : {}),
    ...(q.objectId ? { objectId: q.objectId } : {}),
    ...(q.action ? { action: { startsWith: q.action } } : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
  };
  const [total, entries] = await Promise.all([db().auditLog.count({ where }), db().auditLog.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: (q.page - 1) * q.limit, take: q.limit })]);
  return { total, page: q.page, limit: q.limit, entries, query: q };
}

export async function auditObjectTypes(): Promise<string[]> {
  const rows = await db().auditLog.findMany({ distinct: ['objectType'], select: { objectType: true }, orderBy: { objectType: 'asc' } });
  return rows.map((r) => r.objectType);
}
