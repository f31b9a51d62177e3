import type { Actor } from '../actor';
import { hasRole } from '../actor';
import { db } from '../db';
import { forbidden } from '../errors';
import { parseNoticeKinds } from '@/lib/domain/audience';

export interface SubscriberRow {
  id: string;
  email: string;
  state: 'confirmed' | 'unconfirmed' | 'unsubscribed' | 'paused';
  timeZone: string;
  regions: 'all' | string[];
  components: 'all' | string[];
  noticeKinds: string[];
  source: string;
  createdAt: Date;
  confirmedAt: Date | null;
}

/** A page of subscribers, newest first; `query` matches part of the address. */
export async function listSubscribers({ actor, query, state, page = 1, perPage = 50 }: { actor: Actor; query?: string; state?: SubscriberRow['state']; page?: number; perPage?: number }): Promise<{ total: number; page: number; perPage: number; subscribers: SubscriberRow[] }> {
  if (!hasRole(actor, 'viewer')) throw forbidden();
  const size = Math.min(200, Math.max(1, Math.floor(perPage)));
  const p = Math.max(1, Math.floor(page));
  const where = {
    ...(query?.trim() ? { email: { contains: query.trim().toLowerCase() } } : {}),
    ...(state === 'confirmed' ? { confirmedAt: { not: null }, unsubscribedAt: null, pausedAt: null } : {}),
    ...(state === 'unconfirmed' ? { confirmedAt: null } : {}),
    ...(state === 'unsubscribed' ? { unsubscribedAt: { not: null } } : {}),
    ...(state === 'paused' ? { pausedAt: { not: null }, unsubscribedAt: null } : {}),
  };
  const [total, list] = await Promise.all([
    db().subscriber.count({ where }),
    db().subscriber.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], skip: (p - 1) * size, take: size, include: { regions: { include: { region: { select: { slug: true } } } }, components: { include: { component: { select: { slug: true } } } } } }),
  ]);
  return {
    total,
    page: p,
    perPage: size,
    subscribers: list.map((s) => ({
      id: s.id,
      email: s.email,
      state: s.unsubscribedAt ? 'unsubscribed' : s.pausedAt ? 'paused' : s.confirmedAt ? 'confirmed' : 'unconfirmed',
      timeZone: s.timeZone,
      regions: s.allRegions ? 'all' : s.regions.map((r) => r.region.slug),
      components: s.allComponents ? 'all' : s.components.map((c) => c.component.slug),
      noticeKinds: parseNoticeKinds(s.noticeKinds),
      source: s.source,
      createdAt: s.createdAt,
      confirmedAt: s.confirmedAt,
    })),
  };
}
