/* eslint-disable @next/next/no-html-link-for-pages, @next/next/no-head-element -- rendered by react-dom/server into the snapshot, outside Next */
import { audienceName } from '@/lib/domain/impact-matrix';
import { affectsRegion } from '../derive';
import type { PublicRegion } from '../model';
import { ICON_PATH } from './favicon';
import type { ViewContext } from './context';
import { Layout } from './layout';
import { pageStatusText } from './words';
import { incidentHref } from './parts';

export function NotFoundPage({ ctx }: { ctx: ViewContext }) {
  return (
    <Layout ctx={ctx} title={ctx.tr.t('notFound.title')} description={ctx.tr.t('notFound.description')} refresh={false}>
      <h1>{ctx.tr.t('notFound.heading')}</h1>
      <p>{ctx.tr.t('notFound.body')}</p>
      <p>
        <a href="/">{ctx.tr.t('incident.back')}</a> · <a href="/history">{ctx.tr.t('notFound.history')}</a>
      </p>
    </Layout>
  );
}

/**
 * The iframe widget: the status, then the active incident (the newest, with a count of any others)
 * linked to its page, else a link to the status page; each at most two lines, to fit EMBED_SIZE. Light or dark follows the reader's
 * scheme (prefers-color-scheme), like the host page's.
 */
export function EmbedPage({ ctx, region }: { ctx: ViewContext; region: PublicRegion | null }) {
  const { d, tr } = ctx;
  const status = region ? (d.regionStatus.get(region.id) ?? d.status) : d.status;
  const base = d.model.page.url;
  const active = d.incidents.filter((i) => i.active && (!region || affectsRegion(i, region.id))).sort((a, b) => Number(a.isMaintenance) - Number(b.isMaintenance) || b.startedAt.localeCompare(a.startedAt));
  const lead = active[0];
  const cls = status.indicator === 'none' && lead?.isMaintenance ? 'i-maintenance' : `i-${status.indicator}`;
  return (
    <html lang={tr.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${region ? `${audienceName(region)}: ` : ''}${pageStatusText(tr, status)}`}</title>
        <link rel="icon" href={ICON_PATH} type="image/svg+xml" />
        <link rel="stylesheet" href={ctx.cssHref} />
      </head>
      <body className="embed">
        <main className={`widget ${cls}`}>
          <p className="status">
            <strong>{pageStatusText(tr, status)}</strong>
            {region ? ` ${tr.t('embed.for', { audience: audienceName(region) })}` : ''}
          </p>
          {lead ? (
            <p className="incident">
              <a href={`${base}${incidentHref(lead.id, region)}`} target="_blank" rel="noopener">
                {lead.title}
              </a>
              {active.length > 1 ? <span className="more"> {tr.t('embed.more', { count: active.length - 1 })}</span> : null}
            </p>
          ) : (
            <p className="page">
              <a href={`${base}${region ? `/regions/${region.slug}` : '/'}`} target="_blank" rel="noopener">
                {d.model.page.name}
              </a>
            </p>
          )}
        </main>
      </body>
    </html>
  );
}
