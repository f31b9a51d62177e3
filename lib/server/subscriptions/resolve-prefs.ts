import { formatNoticeKinds } from '@/lib/domain/audience';
import { NOTICE_KINDS } from '@/lib/mail/templates/notice-defaults';
import { db } from '../db';
import { validation } from '../errors';
import type { SubscriptionPrefs } from './schemas';

export interface ResolvedPrefs {
  allRegions: boolean;
  regionIds: string[];
  allComponents: boolean;
  componentIds: string[];
  timeZone: string;
  noticeKinds: string;
}

/** Slugs to ids; an unknown slug is a 422 naming it. Choosing every item means "all". */
export async function resolvePrefs(prefs: SubscriptionPrefs): Promise<ResolvedPrefs> {
  const [regions, components] = await Promise.all([db().region.findMany({ select: { id: true, slug: true } }), db().component.findMany({ select: { id: true, slug: true } })]);
  const pick = (chosen: 'all' | string[], known: { id: string; slug: string }[], field: string) => {
    if (chosen === 'all') return { all: true, ids: [] };
    const bySlug = new Map(known.map((k) => [k.slug, k.id]));
    const ids = [...new Set(chosen)].map((slug) => {
      const id = bySlug.get(slug);
      if (!id) throw validation(field, `${field}: unknown slug "${slug.slice(0, 100)}"`);
      return id;
    });
    if (ids.length === 0) throw validation(field, `${field}: choose at least one, or "all"`);
    return ids.length === known.length ? { all: true, ids: [] } : { all: false, ids };
  };
  const r = pick(prefs.regions, regions, 'regions');
  const c = pick(prefs.components, components, 'components');
  return { allRegions: r.all, regionIds: r.ids, allComponents: c.all, componentIds: c.ids, timeZone: prefs.time_zone, noticeKinds: formatNoticeKinds(prefs.notice_kinds, NOTICE_KINDS) };
}
