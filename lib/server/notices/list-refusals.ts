import { hasRole, type Actor } from '../actor';
import { db } from '../db';
import { forbidden } from '../errors';

export interface NoticeRefusals {
  /** Refused for policy or reputation (5.7.x, blocklists): the address is kept, and staff can re-queue them. */
  policy: number;
  /** Refused for good for another reason that is not the address (too big, content). */
  rejected: number;
  /** The most frequent replies among both, most frequent first. */
  reasons: { failureClass: string; reason: string; count: number }[];
}

/** Why this notice's failed deliveries were refused, when the address itself was not the problem. */
export async function listNoticeRefusals({ actor, id, top = 5 }: { actor: Actor; id: string; top?: number }): Promise<NoticeRefusals> {
  if (!hasRole(actor, 'viewer')) throw forbidden();
  const groups = await db().delivery.groupBy({
    by: ['failureClass', 'lastError'],
    where: { noticeId: id, status: 'failed', failureClass: { in: ['policy', 'rejected'] } },
    _count: { _all: true },
  });
  const total = (c: string) => groups.filter((g) => g.failureClass === c).reduce((n, g) => n + g._count._all, 0);
  const reasons = groups
    .map((g) => ({ failureClass: g.failureClass ?? '', reason: g.lastError ?? '', count: g._count._all }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .slice(0, top);
  return { policy: total('policy'), rejected: total('rejected'), reasons };
}
