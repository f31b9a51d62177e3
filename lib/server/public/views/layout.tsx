/* eslint-disable @next/next/no-html-link-for-pages, @next/next/no-head-element -- rendered by react-dom/server into the snapshot, outside Next */
import type { ReactNode } from 'react';
import { audienceName } from '@/lib/domain/impact-matrix';
import type { PublicRegion } from '../model';
import { refreshKey, refreshSource } from '../v2';
import { EMBED_SIZE, inLanguage, siteFeeds, type FeedLink, type ViewContext } from './context';
import { LANGUAGE_NAMES, marketName, type Lang } from '@/lib/i18n/languages';
import { ICON_PATH } from './favicon';
import { utcLocale, When, WHEN, withWhen } from './parts';

/** A page's URL in one language: the bare path serves the page's default language, `?lang=` any. */
export const langHref = (path: string, lang: Lang): string => `${path}?lang=${encodeURIComponent(lang)}`;

/** Links to the page in each language: plain links, so it works without JavaScript; the choice is remembered in a cookie (hot-path.ts). */
function LanguageSwitch({ ctx }: { ctx: ViewContext }) {
  const { tr } = ctx;
  return (
    <nav className="languages" aria-label={tr.t('layout.language')}>
      <ul>
        {ctx.langs.map((l) => (
          <li key={l}>
            {l === tr.lang ? (
              <span aria-current="true" lang={l}>
                {LANGUAGE_NAMES[l]}
              </span>
            ) : (
              <a href={langHref(ctx.path, l)} hrefLang={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** `refresh`: while open, the page's script polls refreshSource each minute and swaps in the new page when it changed. */
export function Layout({ ctx, title, description, feeds = [], region = null, refresh = true, children }: { ctx: ViewContext; title: string; description: string; feeds?: FeedLink[]; region?: PublicRegion | null; refresh?: boolean; children: ReactNode }) {
  const { model } = ctx.d;
  const { tr } = ctx;
  const allFeeds = [...feeds, ...siteFeeds(tr).filter((f) => !feeds.some((x) => x.href === f.href))];
  const tz = region?.timeZone ?? model.page.timeZone;
  const base = model.page.url.replace(/\/+$/, '');
  return (
    <html lang={tr.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${title} · ${model.page.name}`}</title>
        <meta name="description" content={description} />
        <link rel="icon" href={ICON_PATH} type="image/svg+xml" />
        <link rel="stylesheet" href={ctx.cssHref} />
        <script src={ctx.jsHref} defer />
        {allFeeds.map((f) => (
          <link key={f.href} rel="alternate" type={f.type} href={f.href} title={f.title} />
        ))}
        <link rel="alternate" type="text/calendar" href={inLanguage('/maintenance.ics', tr)} title={tr.t('layout.feedCalendarTitle')} />
        {ctx.langs.map((l) => (
          <link key={l} rel="alternate" hrefLang={l} href={`${base}${langHref(ctx.path, l)}`} />
        ))}
        <link rel="alternate" hrefLang="x-default" href={`${base}${ctx.path}`} />
      </head>
      <body {...(refresh ? { 'data-refresh': refreshSource(region), 'data-version': refreshKey(ctx.d, region, ctx.stale) } : {})}>
        <a className="skip" href="#main">
          {tr.t('layout.skip')}
        </a>
        <header className="site">
          <div className="wrap">
            <a className="brand" href="/">
              {model.page.logoText ?? model.page.name}
            </a>
            <nav className="main" aria-label={tr.t('layout.nav')}>
              <ul>
                <li>
                  <a href="/">{tr.t('layout.navStatus')}</a>
                </li>
                <li>
                  <a href={region ? `/regions/${region.slug}/history` : '/history'}>{tr.t('layout.navHistory')}</a>
                </li>
                <li>
                  <a href={region ? `/subscribe?region=${region.slug}` : '/subscribe'}>{tr.t('layout.navSubscribe')}</a>
                </li>
              </ul>
            </nav>
            {model.regions.length > 0 ? (
              <form className="picker" action="/region" method="get">
                <label htmlFor="region-pick">{tr.t('layout.picker')}</label>
                <select id="region-pick" name="r">
                  <option value="all" selected={!region}>
                    {tr.t('layout.pickerAll')}
                  </option>
                  {model.regions.map((r) => (
                    <option key={r.id} value={r.slug} selected={region?.id === r.id}>
                      {audienceName(r)} ({marketName(r.market, r.locale, tr.locale)})
                    </option>
                  ))}
                </select>
                <button type="submit">{tr.t('layout.pickerShow')}</button>
              </form>
            ) : null}
            <LanguageSwitch ctx={ctx} />
          </div>
        </header>
        <main id="main" className="wrap">
          {ctx.stale ? (
            <p className="stale" role="status">
              <strong>{tr.t('layout.staleLead')}</strong> {withWhen(tr.t('layout.staleRest', { when: WHEN }), <When iso={ctx.asOf} timeZone={tz} locale={tr.locale} />)}
            </p>
          ) : null}
          {children}
        </main>
        <footer className="site" data-tz={tz} data-locale={tr.locale} data-utc-locale={utcLocale(tr.locale)}>
          <div className="wrap">
            <p className="as-of">
              {withWhen(tr.t('layout.asOf', { when: WHEN }), <When iso={ctx.asOf} timeZone={tz} locale={tr.locale} />)}{model.page.footerText ? ` ${model.page.footerText}` : ''}
            </p>
            <ul aria-label={tr.t('layout.feeds')}>
              {allFeeds.map((f) => (
                <li key={f.href}>
                  <a href={f.href}>{f.title}</a>
                </li>
              ))}
              <li>
                <a href={inLanguage('/maintenance.ics', tr)}>{tr.t('layout.feedCalendar')}</a>
              </li>
              <li>
                <a href="/api/v2/summary.json">{tr.t('layout.feedJson')}</a>
              </li>
              <li>
                <a href={inLanguage('/badge.svg', tr)}>{tr.t('layout.feedBadge')}</a>
              </li>
              <li>
                <a href="/embed">{tr.t('layout.feedWidget')}</a>
              </li>
            </ul>
            <details>
              <summary>{tr.t('layout.embedSummary')}</summary>
              <p>{tr.t('layout.embedWidget')}</p>
              <pre className="code">{`<iframe src="${model.page.url}${region ? `/regions/${region.slug}` : ''}/embed" title="${model.page.name}" width="${EMBED_SIZE.width}" height="${EMBED_SIZE.height}" style="border:0"></iframe>`}</pre>
              <p>{tr.t('layout.embedBadge')}</p>
              <pre className="code">{`<a href="${model.page.url}"><img src="${model.page.url}${region ? `/regions/${region.slug}` : ''}/badge.svg" alt="${model.page.name}"></a>`}</pre>
            </details>
          </div>
        </footer>
      </body>
    </html>
  );
}
