import { restoredPhrase, restoreTotals } from '@/lib/domain/data-state';
import { audienceName } from '@/lib/domain/impact-matrix';
import { formatDuration } from '@/lib/domain/time';
import { IMPACT_TEXT, INCIDENT_STATUS_LABEL, type ComponentStatus } from '@/lib/domain/status';
import type { DerivedIncident } from '../derive';
import type { PublicRegion } from '../model';
import { regionFeeds, type FeedLink, type ViewContext } from './context';
import { Layout } from './layout';
import { DataTag, MaintenanceWindow, Markdown, NextUpdate, StatusTag, UpdateText, When } from './parts';

/**
 * One incident. Opened from a carrier's pages or its notices (`region`, at /regions/<slug>/incidents/<id>),
 * that carrier comes first, in its product's name and its time zone, with a link to every carrier.
 */
export function IncidentPage({ ctx, i, region = null }: { ctx: ViewContext; i: DerivedIncident; region?: PublicRegion | null }) {
  const { d } = ctx;
  const tz = region?.timeZone ?? d.model.page.timeZone;
  const locale = region?.locale;
  // A carrier's reading shows only that carrier: its customers' page names nobody else.
  const regions = d.model.regions.filter((r) => (!region || r.id === region.id) && i.impacts.some((x) => x.regionId === r.id));
  const componentName = new Map(d.model.components.map((c) => [c.id, c.name]));
  const end = i.resolvedAt ? Date.parse(i.resolvedAt) : d.now.getTime();
  const feeds: FeedLink[] = regions.flatMap(regionFeeds);
  // Status changes along the timeline: each update says what it moved from.
  const timeline = i.updates.map((u, k) => {
    const before = k > 0 ? i.updates[k - 1]!.status : null;
    return { u, changedFrom: before !== null && before !== u.status ? before : null };
  });
  return (
    <Layout ctx={ctx} feeds={feeds} region={region} title={i.title} description={`${INCIDENT_STATUS_LABEL[i.current]}: ${i.title}`}>
      <p className="small">
        <a href={region ? `/regions/${region.slug}` : '/'}>← {region ? `${region.product} status for ${region.carrier}` : 'Current status'}</a>
      </p>
      <h1>{i.title}</h1>
      {region ? (
        <p className="small" data-carrier={region.slug}>
          As it affects {audienceName(region)} customers in {region.market}; times in {region.timeZone.replace(/_/g, ' ')} time, with UTC alongside. <a href={`/incidents/${i.id}`}>All carriers</a>
        </p>
      ) : null}
      <NextUpdate i={i} timeZone={tz} locale={locale} />
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <strong>{INCIDENT_STATUS_LABEL[i.current]}</strong>
        </dd>
        <dt>{i.isMaintenance ? 'Kind' : 'Impact'}</dt>
        <dd>{i.isMaintenance ? 'Scheduled maintenance' : `${IMPACT_TEXT[i.impact]}${i.kind === 'data_loss' ? ' · customer data affected' : ''}`}</dd>
        {i.isMaintenance && i.scheduledFor ? (
          <>
            <dt>Window</dt>
            <dd>
              <MaintenanceWindow i={i} timeZone={tz} locale={locale} />
            </dd>
          </>
        ) : (
          <>
            <dt>Started</dt>
            <dd>
              <When iso={i.startedAt} timeZone={tz} locale={locale} />
            </dd>
            {i.resolvedAt ? (
              <>
                <dt>Resolved</dt>
                <dd>
                  <When iso={i.resolvedAt} timeZone={tz} locale={locale} />
                </dd>
              </>
            ) : null}
            <dt>Duration</dt>
            <dd>
              {formatDuration(end - Date.parse(i.startedAt))}
              {i.resolvedAt ? '' : ' so far'}
            </dd>
          </>
        )}
      </dl>
      {regions.length > 0 ? (
        <>
          <h2>Who is affected</h2>
          {regions.map((r) => {
            const rows = i.impacts.filter((x) => x.regionId === r.id);
            const totals = restoreTotals(rows);
            return (
              <section className="card" key={r.id} aria-labelledby={`r-${r.id}`}>
                <h3 id={`r-${r.id}`}>
                  <a href={`/regions/${r.slug}`}>{audienceName(r)}</a> <span className="small muted">({r.market})</span>
                </h3>
                <ul className="components">
                  {rows.map((x) => (
                    <li key={x.componentId}>
                      <span>{componentName.get(x.componentId) ?? 'Service'}</span>
                      <span>
                        <StatusTag status={x.status as ComponentStatus} /> <DataTag state={x.dataState} />
                      </span>
                    </li>
                  ))}
                </ul>
                {totals ? (
                  <div className="progress">
                    <progress id={`p-${r.id}`} max={totals.affected} value={totals.restored} aria-label={`${audienceName(r)}: ${restoredPhrase(totals.affected, totals.restored)}`} />
                    <span>
                      {restoredPhrase(totals.affected, totals.restored)} ({Math.floor((totals.restored / totals.affected) * 100)}%)
                    </span>
                  </div>
                ) : null}
              </section>
            );
          })}
        </>
      ) : null}
      <h2>Updates</h2>
      <ol className="timeline" reversed>
        {[...timeline].reverse().map(({ u, changedFrom }) => (
          <li key={u.id} className="update">
            <h3>
              {INCIDENT_STATUS_LABEL[u.status]}
              {changedFrom ? <span className="small muted"> (was {INCIDENT_STATUS_LABEL[changedFrom as keyof typeof INCIDENT_STATUS_LABEL]})</span> : null}
            </h3>
            <p className="meta">
              <When iso={u.displayAt} timeZone={tz} locale={locale} />
            </p>
            <UpdateText u={u} region={region} regions={d.model.regions} />
            {u.impacts.some((x) => !region || x.regionId === region.id) ? (
              <p className="small muted">
                Affected:{' '}
                {u.impacts
                  .filter((x) => !region || x.regionId === region.id)
                  .map((x) => {
                    const r = d.model.regions.find((y) => y.id === x.regionId);
                    return `${componentName.get(x.componentId) ?? 'Service'} (${r ? audienceName(r) : 'region'})`;
                  })
                  .join(', ')}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {i.postmortemBody && i.postmortemPublishedAt ? (
        <section aria-labelledby="postmortem">
          <h2 id="postmortem">Postmortem</h2>
          <p className="meta small muted">
            Published <When iso={i.postmortemPublishedAt} timeZone={tz} locale={locale} />
          </p>
          <Markdown source={i.postmortemBody} />
        </section>
      ) : null}
    </Layout>
  );
}
