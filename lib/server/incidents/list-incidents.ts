import { z } from 'zod';
import type { Prisma } from '@/lib/generated/postgresql/client';
import { db } from '../db';
import { MAX_PAGE, wholeNumber } from '../paging';
import { parseInput } from '../validate';

export const ListIncidentsInput = z.object({
  state: z.enum(['open', 'closed', 'all']).default('all'),
  kind: z.enum(['incident', 'maintenance', 'all']).default('all'),
  limit: wholeNumber(200, 50),
  page: wholeNumber(MAX_PAGE, 1),
});

const CLOSED = ['resolved', 'postmortem', 'completed'] as const;

/** Incidents newest first, with counts of waiting approvals. */
export async function listIncidents(input: unknown = {}) {
  const q = parseInput(ListIncidentsInput, input);
  const where: Prisma.IncidentWhereInput = {
    ...(q.state === 'open' ? { status: { notIn: [...CLOSED] } } : q.state === 'closed' ? { status: { in: [...CLOSED] } } : {}),
    ...(q.kind === 'maintenance' ? { kind: 'maintenance' } : q.kind === 'incident' ? { kind: { not: 'maintenance' } } : {}),
  };
  const [total, rows] = await Promise.all([
    db().incident.count({ where }),
    db().incident.findMany({
      where,
      orderBy: [{ startedAt: 'desc' }, { createdAt: 'desc' }],
      take: q.limit,
      skip: (q.page - 1) * q.limit,
      include: {
        _count: { select: { updates: { where: { state: 'pending_approval' } }, impacts: true } },
        // The latest published update carries the incident's promise of the next one.
        updates: { where: { state: 'published' }, orderBy: [{ displayAt: 'desc' }, { createdAt: 'desc' }], take: 1, select: { displayAt: true, nextUpdateAt: true } },
      },
    }),
  ]);
  return { total, page: q.page, limit: q.limit, incidents: rows };
}
