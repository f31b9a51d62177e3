/* eslint-disable @next/next/no-html-link-for-pages, @next/next/no-head-element -- rendered by react-dom/server into the snapshot, outside Next */
import type { ReactNode } from 'react';
import { audienceName } from '@/lib/domain/impact-matrix';
import type { PublicRegion } from '../model';
import { refreshKey, refreshSource } from '../v2';
import { EMBED_SIZE, siteFeeds, type FeedLink, type ViewContext } from './context';
import { ICON_PATH } from './favicon';
import { When } from './parts';

/** `refresh`: while open, the page's script polls refreshSource each minute and swaps in the new page when it changed. */
export function Layout({ ctx, title, description, feeds = [], region = null, refresh = true, children }: { ctx: ViewContext; title: string; description: string; feeds?: FeedLink[]; region?: PublicRegion | null; refresh?: boolean; children: ReactNode }) {
  const { model } = ctx.d;
  const allFeeds = [...feeds, ...siteFeeds.filter((f) => !feeds.some((x) => x.href === f.href))];
  const lang = (region?.locale ?? 'en-US').split('-')[0] ?? 'en';
  const tz = region?.timeZone ?? model.page.timeZone;
  return (
    <html lang={lang}>
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
        <link rel="alternate" type="text/calendar" href="/maintenance.ics" title="Scheduled maintenance (iCalendar)" />
      </head>
      <body {...(refresh ? { 'data-refresh': refreshSource(region), 'data-version': refreshKey(ctx.d, region, ctx.stale) } : {})}>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="site">
          <div className="wrap">
            <a className="brand" href="/">
              {model.page.logoText ?? model.page.name}
            </a>
            <nav className="main" aria-label="Main">
              <ul>
                <li>
                  <a href="/">Status</a>
                </li>
                <li>
                  <a href={region ? `/regions/${region.slug}/history` : '/history'}>History</a>
                </li>
                <li>
                  <a href={region ? `/subscribe?region=${region.slug}` : '/subscribe'}>Subscribe to updates</a>
                </li>
              </ul>
            </nav>
            {model.regions.length > 0 ? (
              <form className="picker" action="/region" method="get">
                <label htmlFor="region-pick">Your carrier</label>
                <select id="region-pick" name="r">
                  <option value="all" selected={!region}>
                    All carriers
                  </option>
                  {model.regions.map((r) => (
                    <option key={r.id} value={r.slug} selected={region?.id === r.id}>
                      {audienceName(r)} ({r.market})
                    </option>
                  ))}
                </select>
                <button type="submit">Show</button>
              </form>
            ) : null}
          </div>
        </header>
        <main id="main" className="wrap">
          {ctx.stale ? (
            <p className="stale" role="status">
              <strong>We cannot reach our status database right now.</strong> This page shows the status as of <When iso={ctx.asOf} timeZone={tz} locale={region?.locale} />. It will refresh by itself once the database answers again.
            </p>
          ) : null}
          {children}
        </main>
        <footer className="site" data-tz={tz} data-locale={region?.locale ?? 'en-US'}>
          <div className="wrap">
            <p className="as-of">
              Status as of <When iso={ctx.asOf} timeZone={tz} locale={region?.locale} />.{model.page.footerText ? ` ${model.page.footerText}` : ''}
            </p>
            <ul aria-label="Feeds and integrations">
              {allFeeds.map((f) => (
                <li key={f.href}>
                  <a href={f.href}>{f.title}</a>
                </li>
              ))}
              <li>
                <a href="/maintenance.ics">Maintenance calendar (iCal)</a>
              </li>
              <li>
                <a href="/api/v2/summary.json">JSON API (Statuspage v2)</a>
              </li>
              <li>
                <a href="/badge.svg">Status badge</a>
              </li>
              <li>
                <a href="/embed">Widget</a>
              </li>
            </ul>
            <details>
              <summary>Put this status on your site</summary>
              <p>Embed the widget:</p>
              <pre className="code">{`<iframe src="${model.page.url}${region ? `/regions/${region.slug}` : ''}/embed" title="${model.page.name}" width="${EMBED_SIZE.width}" height="${EMBED_SIZE.height}" style="border:0"></iframe>`}</pre>
              <p>Or the badge:</p>
              <pre className="code">{`<a href="${model.page.url}"><img src="${model.page.url}${region ? `/regions/${region.slug}` : ''}/badge.svg" alt="${model.page.name}"></a>`}</pre>
            </details>
          </div>
        </footer>
      </body>
    </html>
  );
}
