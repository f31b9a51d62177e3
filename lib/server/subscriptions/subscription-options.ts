import { pageNameByLang, readTranslations, translated, type Translations } from '@/lib/domain/translations';
import type { Lang } from '@/lib/i18n/languages';
import { db } from '../db';
import { DEFAULT_PAGE_NAME } from '@/lib/domain/page-defaults';

export interface SubscriptionOptions {
  brand: string;
  /** The page's name in other languages (localizeOptions picks one). */
  brandTranslations: Translations;
  /** The page's own zone: what a subscriber with no carrier in mind and no JavaScript starts with. */
  timeZone: string;
  regions: { slug: string; name: string; carrier: string; product: string; timeZone: string; locale: string; languages: string }[];
  components: { slug: string; name: string; group: string | null; translations: Translations; groupTranslations: Translations }[];
  /** Every IANA zone this server knows, UTC first, for the time zone select. */
  timeZones: string[];
}

let zones: string[] | null = null;
const allZones = (): string[] => (zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')]);

/** What the subscribe and manage forms offer: every region (carrier), every service and every zone. */
export async function subscriptionOptions(): Promise<SubscriptionOptions> {
  const [settings, regions, components] = await Promise.all([
    db().pageSettings.findUnique({ where: { id: 1 }, select: { name: true, timeZone: true, translations: true } }),
    db().region.findMany({ orderBy: [{ position: 'asc' }, { slug: 'asc' }], select: { slug: true, name: true, carrier: true, product: true, timeZone: true, locale: true, languages: true } }),
    db().component.findMany({ orderBy: [{ group: { position: 'asc' } }, { position: 'asc' }, { name: 'asc' }], select: { slug: true, name: true, translations: true, group: { select: { name: true, translations: true } } } }),
  ]);
  return {
    brand: settings?.name ?? DEFAULT_PAGE_NAME,
    brandTranslations: readTranslations('page', settings?.translations),
    timeZone: settings?.timeZone ?? 'UTC',
    regions,
    components: components.map((c) => ({ slug: c.slug, name: c.name, group: c.group?.name ?? null, translations: readTranslations('component', c.translations), groupTranslations: readTranslations('group', c.group?.translations) })),
    timeZones: allZones(),
  };
}

/**
 * The options with staff-typed names (the page's, services' and groups') in `lang`, through the
 * same `translated` the public pages' localizeModel uses: staff's translation, else the original.
 */
export function localizeOptions(options: SubscriptionOptions, lang: Lang): SubscriptionOptions {
  return {
    ...options,
    brand: translated({ translations: options.brandTranslations }, 'name', lang, options.brand),
    components: options.components.map((c) => ({ ...c, name: translated(c, 'name', lang), group: translated({ translations: c.groupTranslations }, 'name', lang, c.group) })),
  };
}

/** The page's name in `lang`, for the titles of the pages that have no options to show. */
export async function pageNameIn(lang: Lang): Promise<string> {
  const settings = await db().pageSettings.findUnique({ where: { id: 1 }, select: { name: true, translations: true } });
  return pageNameByLang(settings?.name ?? DEFAULT_PAGE_NAME, settings?.translations)(lang);
}
