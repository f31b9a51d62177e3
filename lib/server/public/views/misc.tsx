/* eslint-disable @next/next/no-html-link-for-pages, @next/next/no-head-element -- rendered by react-dom/server into the snapshot, outside Next */
import { audienceName } from '@/lib/domain/impact-matrix';
import type { PublicRegion } from '../model';
import type { ViewContext } from './context';
import { Layout } from './layout';

export function NotFoundPage({ ctx }: { ctx: ViewContext }) {
  return (
    <Layout ctx={ctx} title="Not found" description="This page does not exist.">
      <h1>Page not found</h1>
      <p>There is no such incident, carrier or page here. It may have been mistyped, or the link may be old.</p>
      <p>
        <a href="/">Current status</a> · <a href="/history">Incident history</a>
      </p>
    </Layout>
  );
}

/** The iframe widget: one line of status and a link to the full page. */
export function EmbedPage({ ctx, region }: { ctx: ViewContext; region: PublicRegion | null }) {
  const { d } = ctx;
  const status = region ? (d.regionStatus.get(region.id) ?? d.status) : d.status;
  const target = `${d.model.page.url}${region ? `/regions/${region.slug}` : '/'}`;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${region ? `${audienceName(region)}: ` : ''}${status.description}`}</title>
        <link rel="stylesheet" href={ctx.cssHref} />
      </head>
      <body className="embed">
        <main>
          <p className={`banner i-${status.indicator}`}>
            <span>
              <strong>{status.description}</strong>
              {region ? ` for ${audienceName(region)} customers` : ''}
              <br />
              <a href={target} target="_blank" rel="noopener">
                {d.model.page.name}
              </a>
            </span>
          </p>
        </main>
      </body>
    </html>
  );
}
