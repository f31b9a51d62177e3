/* eslint-disable @next/next/no-html-link-for-pages -- rendered by react-dom/server into the snapshot, outside Next */
import { distinctAudienceName } from '@/lib/domain/impact-matrix';
import type { ViewContext } from './context';
import { Layout } from './layout';
import { Banner, ComponentList, ImpactMatrix, IncidentSummary } from './parts';
import { pageStatusText } from './words';
import { marketName } from '@/lib/i18n/languages';

export function HomePage({ ctx }: { ctx: ViewContext }) {
  const { d, tr } = ctx;
  const tz = d.model.page.timeZone;
  const active = d.incidents.filter((i) => i.active && !i.isMaintenance);
  const maintenance = d.incidents.filter((i) => i.isMaintenance && (i.maintenance === 'scheduled' || i.maintenance === 'in_progress' || i.maintenance === 'verifying'));
  const recent = d.incidents.filter((i) => !i.isMaintenance && !i.active && i.resolvedAt && d.now.getTime() - Date.parse(i.resolvedAt) < 7 * 86_400_000);
  return (
    <Layout ctx={ctx} title={tr.t('home.title')} description={tr.t('home.description', { status: pageStatusText(tr, d.status) })}>
      <h1>{d.model.page.name}</h1>
      <Banner tr={tr} status={d.status} maintenance={maintenance.some((m) => m.active)} />
      {d.model.regions.length > 0 ? (
        <p>
          {tr.t('home.pick')}{' '}
          {d.model.regions.map((r, k) => (
            <span key={r.id}>
              {k > 0 ? ', ' : ''}
              <a href={`/regions/${r.slug}`}>{distinctAudienceName({ ...r, market: marketName(r.market, r.locale, tr.locale) }, d.model.regions)}</a>
            </span>
          ))}
          .
        </p>
      ) : null}
      <h2>{tr.t('home.active')}</h2>
      {active.length === 0 ? <p>{tr.t('home.noActive')}</p> : active.map((i) => <IncidentSummary key={i.id} tr={tr} i={i} timeZone={tz} />)}
      {maintenance.length > 0 ? (
        <>
          <h2>{tr.t('home.maintenance')}</h2>
          {maintenance.map((i) => (
            <IncidentSummary key={i.id} tr={tr} i={i} timeZone={tz} />
          ))}
        </>
      ) : null}
      <h2>{tr.t('home.services')}</h2>
      {d.model.components.length === 0 ? <p>{tr.t('home.noServices')}</p> : <ComponentList tr={tr} d={d} region={null} />}
      {d.model.regions.length > 0 && d.model.components.length > 0 ? (
        <>
          <h2>{tr.t('home.byCarrier')}</h2>
          <p className="small muted">{tr.t('home.byCarrierNote')}</p>
          <ImpactMatrix tr={tr} d={d} regions={d.model.regions} />
        </>
      ) : null}
      {recent.length > 0 ? (
        <>
          <h2>{tr.t('home.recent')}</h2>
          {recent.map((i) => (
            <IncidentSummary key={i.id} tr={tr} i={i} timeZone={tz} />
          ))}
        </>
      ) : null}
      <p>
        <a href="/history">{tr.t('home.historyLink')}</a>
      </p>
    </Layout>
  );
}
