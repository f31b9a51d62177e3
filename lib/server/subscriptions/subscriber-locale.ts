import { formatLocale, regionLanguages } from '@/lib/i18n/languages';
import { db } from '../db';
import type { ResolvedPrefs } from './resolve-prefs';

/**
 * The language a new subscriber's notices are written in: the one they chose (already checked by
 * the schema), else their one carrier's default, else English.
 */
export async function subscriberLocale(chosen: string | undefined, prefs: ResolvedPrefs): Promise<string> {
  if (chosen) return chosen;
  if (prefs.regionIds.length === 1) {
    const region = await db().region.findUnique({ where: { id: prefs.regionIds[0]! }, select: { locale: true, languages: true } });
    if (region) return regionLanguages(region.locale, region.languages)[0]!.locale;
  }
  return formatLocale('en');
}
