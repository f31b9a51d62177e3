import { LANGUAGE_NAMES } from '@/lib/i18n/languages';
import { publicBaseUrl } from '@/lib/mail/send';
import type { PageLanguage } from '@/lib/server/public/page-language';

const hrefIn = (path: string, lang: string) => `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(lang)}`;

/**
 * The page in each language it offers: plain links (no JavaScript needed; the choice is remembered
 * in a cookie by proxy.ts), and hreflang alternates, which React places in the head.
 */
export async function LanguageNav({ page }: { page: PageLanguage }) {
  const { tr, langs, path } = page;
  const base = (await publicBaseUrl()).replace(/\/+$/, '');
  return (
    <>
      {langs.map((l) => (
        <link key={l} rel="alternate" hrefLang={l} href={`${base}${hrefIn(path, l)}`} />
      ))}
      <link rel="alternate" hrefLang="x-default" href={`${base}${path}`} />
      {langs.length > 1 ? (
        <nav className="sub-languages" aria-label={tr.t('layout.language')}>
          <ul>
            {langs.map((l) => (
              <li key={l}>
                {l === tr.lang ? (
                  <span aria-current="true" lang={l}>
                    {LANGUAGE_NAMES[l]}
                  </span>
                ) : (
                  <a href={hrefIn(path, l)} hrefLang={l} lang={l}>
                    {LANGUAGE_NAMES[l]}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
