import { formatLocale, regionLanguages } from '@/lib/i18n/languages';
import { db } from '../db';
import type { ResolvedPrefs } from './resolve-prefs';

/**
 * The language a new subscriber's notices are written in: the one they chose (already checked by
 * the schema), else their one carrier's default. With several carriers and no choice it is ''
 * (lib/i18n/reader.ts): each carrier's notice in that carrier's own language.
 */
export async function subscriberLocale(chosen: string | undefined, prefs: ResolvedPrefs): Promise<string> {
  if (chosen) return chosen;
  if (prefs.regionIds.length === 1) {
    const region = await db().region.findUnique({ where: { id: prefs.regionIds[0]! }, select: { locale: true, languages: true } });
    if (region) return regionLanguages(region.locale, region.languages)[0]!.locale;
  }
  return '';
}

/**
 * The language of what a subscriber reads that is about no one carrier (the confirm, manage and
 * unsubscribe pages): their own, else the first carrier they follow in the page's order (every
 * carrier's first when they follow all), else English.
 */
export async function subscriberPageLocale(s: { id: string; locale: string; allRegions: boolean }): Promise<string> {
  if (s.locale) return s.locale;
  const region = await db().region.findFirst({
    where: s.allRegions ? {} : { subscriptions: { some: { subscriberId: s.id } } },
    orderBy: [{ position: 'asc' }, { slug: 'asc' }],
    select: { locale: true, languages: true },
  });
  return region ? regionLanguages(region.locale, region.languages)[0]!.locale : formatLocale('en');
}
