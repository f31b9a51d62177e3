import { restoreTotals } from '@/lib/domain/data-state';
import { audienceName } from '@/lib/domain/impact-matrix';
import type { ComponentStatus, IncidentStatus } from '@/lib/domain/status';
import type { DerivedIncident } from '../derive';
import type { PublicRegion } from '../model';
import { regionFeeds, type FeedLink, type ViewContext } from './context';
import { Layout } from './layout';
import { DataTag, MaintenanceWindow, Markdown, NextUpdate, StatusTag, UpdateText, When, WHEN, withWhen } from './parts';
import { zoneName } from './region';
import { durationText, impactText, incidentStatusText, percentFormat, restoredText } from './words';
import { marketName } from '@/lib/i18n/languages';

/**
 * One incident. Opened from a carrier's pages or its notices (`region`, at /regions/<slug>/incidents/<id>),
 * that carrier comes first, in its product's name and its time zone, with a link to every carrier.
 */
export function IncidentPage({ ctx, i, region = null }: { ctx: ViewContext; i: DerivedIncident; region?: PublicRegion | null }) {
  const { d, tr } = ctx;
  const tz = region?.timeZone ?? d.model.page.timeZone;
  const locale = tr.locale;
  // A carrier's reading shows only that carrier: its customers' page names nobody else.
  const regions = d.model.regions.filter((r) => (!region || r.id === region.id) && i.impacts.some((x) => x.regionId === r.id));
  const componentName = new Map(d.model.components.map((c) => [c.id, c.name]));
  const end = i.resolvedAt ? Date.parse(i.resolvedAt) : d.now.getTime();
  const feeds: FeedLink[] = regions.flatMap((r) => regionFeeds(tr, r));
  // Status changes along the timeline: each update says what it moved from.
  const timeline = i.updates.map((u, k) => {
    const before = k > 0 ? i.updates[k - 1]!.status : null;
    return { u, changedFrom: before !== null && before !== u.status ? before : null };
  });
  return (
    <Layout ctx={ctx} feeds={feeds} region={region} title={i.title} description={`${incidentStatusText(tr, i.current)}: ${i.title}`}>
      <p className="small">
        <a href={region ? `/regions/${region.slug}` : '/'}>← {region ? tr.t('region.title', { product: region.product, carrier: region.carrier }) : tr.t('incident.back')}</a>
      </p>
      <h1>{i.title}</h1>
      {region ? (
        <p className="small" data-carrier={region.slug}>
          {tr.t('incident.carrierIntro', { audience: audienceName(region), market: marketName(region.market, region.locale, tr.locale), zone: zoneName(region.timeZone) })} <a href={`/incidents/${i.id}`}>{tr.t('incident.allCarriers')}</a>
        </p>
      ) : null}
      <NextUpdate tr={tr} i={i} timeZone={tz} />
      <dl className="facts">
        <dt>{tr.t('incident.factStatus')}</dt>
        <dd>
          <strong>{incidentStatusText(tr, i.current)}</strong>
        </dd>
        <dt>{i.isMaintenance ? tr.t('incident.factKind') : tr.t('incident.factImpact')}</dt>
        <dd>{i.isMaintenance ? tr.t('incident.scheduledMaintenance') : i.kind === 'data_loss' ? tr.t('incident.dataAffected', { impact: impactText(tr, i.impact) }) : impactText(tr, i.impact)}</dd>
        {i.isMaintenance && i.scheduledFor ? (
          <>
            <dt>{tr.t('incident.factWindow')}</dt>
            <dd>
              <MaintenanceWindow tr={tr} i={i} timeZone={tz} />
            </dd>
          </>
        ) : (
          <>
            <dt>{tr.t('incident.factStarted')}</dt>
            <dd>
              <When iso={i.startedAt} timeZone={tz} locale={locale} />
            </dd>
            {i.resolvedAt ? (
              <>
                <dt>{tr.t('incident.factResolved')}</dt>
                <dd>
                  <When iso={i.resolvedAt} timeZone={tz} locale={locale} />
                </dd>
              </>
            ) : null}
            <dt>{tr.t('incident.factDuration')}</dt>
            <dd>{i.resolvedAt ? durationText(tr, end - Date.parse(i.startedAt)) : tr.t('incident.durationSoFar', { duration: durationText(tr, end - Date.parse(i.startedAt)) })}</dd>
          </>
        )}
      </dl>
      {regions.length > 0 ? (
        <>
          <h2>{tr.t('incident.whoAffected')}</h2>
          {regions.map((r) => {
            const rows = i.impacts.filter((x) => x.regionId === r.id);
            const totals = restoreTotals(rows);
            return (
              <section className="card" key={r.id} aria-labelledby={`r-${r.id}`}>
                <h3 id={`r-${r.id}`}>
                  <a href={`/regions/${r.slug}`}>{audienceName(r)}</a> <span className="small muted">({marketName(r.market, r.locale, tr.locale)})</span>
                </h3>
                <ul className="components">
                  {rows.map((x) => (
                    <li key={x.componentId}>
                      <span>{componentName.get(x.componentId) ?? tr.t('incident.service')}</span>
                      <span>
                        <StatusTag tr={tr} status={x.status as ComponentStatus} /> <DataTag tr={tr} state={x.dataState} />
                      </span>
                    </li>
                  ))}
                </ul>
                {totals ? (
                  <div className="progress">
                    <progress id={`p-${r.id}`} max={totals.affected} value={totals.restored} aria-label={`${audienceName(r)}: ${restoredText(tr, totals.affected, totals.restored)}`} />
                    <span>
                      {restoredText(tr, totals.affected, totals.restored)} ({percentFormat(locale).whole.format(Math.floor((totals.restored / totals.affected) * 100) / 100)})
                    </span>
                  </div>
                ) : null}
              </section>
            );
          })}
        </>
      ) : null}
      <h2>{tr.t('incident.updates')}</h2>
      <ol className="timeline" reversed>
        {[...timeline].reverse().map(({ u, changedFrom }) => (
          <li key={u.id} className="update">
            <h3>
              {incidentStatusText(tr, u.status)}
              {changedFrom ? <span className="small muted"> {tr.t('incident.was', { status: incidentStatusText(tr, changedFrom as IncidentStatus) })}</span> : null}
            </h3>
            <p className="meta">
              <When iso={u.displayAt} timeZone={tz} locale={locale} />
            </p>
            <UpdateText tr={tr} u={u} region={region} regions={d.model.regions} />
            {u.impacts.some((x) => !region || x.regionId === region.id) ? (
              <p className="small muted">
                {tr.t('incident.affected', {
                  list: u.impacts
                  .filter((x) => !region || x.regionId === region.id)
                  .map((x) => {
                    const r = d.model.regions.find((y) => y.id === x.regionId);
                    return `${componentName.get(x.componentId) ?? tr.t('incident.service')} (${r ? audienceName(r) : tr.t('incident.region')})`;
                  })
                  .join(', '),
                })}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {i.postmortemBody && i.postmortemPublishedAt ? (
        <section aria-labelledby="postmortem">
          <h2 id="postmortem">{tr.t('incident.postmortemTitle')}</h2>
          <p className="meta small muted">
            {withWhen(tr.t('incident.published', { when: WHEN }), <When iso={i.postmortemPublishedAt} timeZone={tz} locale={locale} />)}
          </p>
          <Markdown source={i.postmortemBody} />
        </section>
      ) : null}
    </Layout>
  );
}
