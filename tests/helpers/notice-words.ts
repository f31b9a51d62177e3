import { CATALOGS } from '@/lib/i18n/catalogs';
import type { Lang } from '@/lib/i18n/languages';

/** A language's fixed words in notices (catalog messages with no values, two words or more): none may be left in another language's notice. */
export const fixedNoticeWords = (lang: Lang): string[] =>
  Object.entries(CATALOGS[lang])
    .filter(([k, v]) => k.startsWith('notice.') && !k.startsWith('notice.default.') && !v.includes('{') && v.split(' ').length >= 2)
    .map(([, v]) => v);
