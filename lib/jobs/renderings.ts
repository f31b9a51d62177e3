import { DEFAULT_LANG, type Lang } from '@/lib/i18n/languages';
import { db } from '@/lib/server/db';

// A notice as one region reads it in one language. A notice prepared before it was rendered per
// language has English renderings only; its readers get those rather than nothing.

export async function findRendering<S extends { subject?: true; html?: true; text?: true; channels?: true }>(noticeId: string, regionId: string, lang: Lang, select: S) {
  const one = (l: string) => db().noticeRendering.findUnique({ where: { noticeId_regionId_lang: { noticeId, regionId, lang: l } }, select });
  return (await one(lang)) ?? (lang === DEFAULT_LANG ? null : await one(DEFAULT_LANG));
}
