import { formatLocale, regionLanguages } from '@/lib/i18n/languages';
import { db, type Tx } from '../db';
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

type RegionWhere = NonNullable<Parameters<Tx['region']['findFirst']>[0]>['where'];

/** The default locale of the first carrier `where` picks, in the page's order; English when none. */
async function firstCarrierLocale(client: Pick<Tx, 'region'>, where: RegionWhere): Promise<string> {
  const region = await client.region.findFirst({ where, orderBy: [{ position: 'asc' }, { slug: 'asc' }], select: { locale: true, languages: true } });
  return region ? regionLanguages(region.locale, region.languages)[0]!.locale : formatLocale('en');
}

/**
 * The language of what a subscriber reads that is about no one carrier (the confirm, manage and
 * unsubscribe pages, the mail and texts that confirm a subscription): their own, else the first
 * carrier they follow in the page's order (every carrier's first when they follow all), else English.
 * `client` is the transaction's when the caller is inside one.
 */
export async function subscriberPageLocale(s: { id: string; locale: string; allRegions: boolean }, client: Pick<Tx, 'region'> = db()): Promise<string> {
  if (s.locale) return s.locale;
  return firstCarrierLocale(client, s.allRegions ? {} : { subscriptions: { some: { subscriberId: s.id } } });
}

/** The same for a request not stored yet: the language it stores (subscriberLocale), else its first carrier's. */
export async function requestPageLocale(locale: string, prefs: ResolvedPrefs): Promise<string> {
  if (locale) return locale;
  return firstCarrierLocale(db(), prefs.allRegions ? {} : { id: { in: prefs.regionIds } });
}
