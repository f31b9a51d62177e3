import { noticeProgress } from '@/lib/jobs/deliveries';
import { countAudience } from '@/lib/jobs/audience-sql';
import type { ChannelProgress } from '@/lib/domain/notice-progress';
import { channelProgress } from './channel-progress';
import { hasRole, type Actor } from '../actor';
import { db } from '../db';
import { forbidden, notFound } from '../errors';

export interface NoticeSummary {
  id: string;
  kind: string;
  status: string;
  incident: { id: string; title: string };
  subject: string | null;
  createdBy: string | null;
  createdById: string | null;
  approvedBy: string | null;
  createdAt: string;
  queuedAt: string | null;
  completedAt: string | null;
  /** Deliveries once prepared; before that, the subscribers it would reach now. */
  audience: number;
  sent: number;
  failed: number;
  pending: number;
  suppressed: number;
  canceled: number;
  /** The same per channel (only channels it has deliveries on), with SMS delivery receipts; refreshed within a second or so. */
  byChannel: ChannelProgress[];
}

export async function getNotice({ actor, id }: { actor: Actor; id: string }): Promise<NoticeSummary> {
  if (!hasRole(actor, 'viewer')) throw forbidden();
  const n = await db().notice.findUnique({ where: { id }, include: { incident: { select: { id: true, title: true } }, createdBy: { select: { name: true } }, approvedBy: { select: { name: true } } } });
  if (!n) throw notFound('notice');
  const [p, byChannel] = await Promise.all([noticeProgress(id), channelProgress(id)]);
  const prepared = n.status !== 'draft' && n.status !== 'pending_approval' && n.status !== 'queued';
  const audience = prepared || p.audience > 0 ? Math.max(p.audience, n.audienceCount) : await countAudience(n.incidentId, n.kind);
  return {
    id: n.id,
    kind: n.kind,
    status: n.status,
    incident: n.incident,
    subject: n.subject,
    createdBy: n.createdBy?.name ?? null,
    createdById: n.createdById,
    approvedBy: n.approvedBy?.name ?? null,
    createdAt: n.createdAt.toISOString(),
    queuedAt: n.queuedAt?.toISOString() ?? null,
    completedAt: n.completedAt?.toISOString() ?? null,
    audience,
    sent: p.sent,
    failed: p.failed,
    pending: p.pending + p.sending,
    suppressed: p.suppressed,
    canceled: p.canceled,
    byChannel,
  };
}

export async function listNotices({ actor, incidentId, take = 50 }: { actor: Actor; incidentId?: string; take?: number }) {
  if (!hasRole(actor, 'viewer')) throw forbidden();
  return db().notice.findMany({
    where: incidentId ? { incidentId } : {},
    orderBy: { createdAt: 'desc' },
    take: Math.min(200, take),
    include: { incident: { select: { id: true, title: true } }, createdBy: { select: { name: true } } },
  });
}
