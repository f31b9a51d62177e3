/* eslint-disable @next/next/no-html-link-for-pages -- rendered by react-dom/server into the snapshot, outside Next */
import { audienceName } from '@/lib/domain/impact-matrix';
import { affectsRegion } from '../derive';
import type { PublicRegion } from '../model';
import { regionFeeds, type ViewContext } from './context';
import { Layout } from './layout';
import { Banner, ComponentList, DataTag, IncidentSummary, StatusTag } from './parts';
import { pageStatusText, restoreProgressText } from './words';
import { marketName } from '@/lib/i18n/languages';

/** "America/Toronto" as a reader says the zone: "Toronto". */
export const zoneName = (timeZone: string): string => timeZone.replace(/_/g, ' ');

export function RegionPage({ ctx, region }: { ctx: ViewContext; region: PublicRegion }) {
  const { d, tr } = ctx;
  const audience = tr.t('region.audience', { audience: audienceName(region) });
  const status = d.regionStatus.get(region.id) ?? d.status;
  const mine = d.incidents.filter((i) => affectsRegion(i, region.id));
  const active = mine.filter((i) => i.active && !i.isMaintenance);
  const maintenance = mine.filter((i) => i.isMaintenance && (i.maintenance === 'scheduled' || i.maintenance === 'in_progress' || i.maintenance === 'verifying'));
  const recent = mine.filter((i) => !i.isMaintenance && !i.active && i.resolvedAt && d.now.getTime() - Date.parse(i.resolvedAt) < 7 * 86_400_000);
  const hit = d.model.components.filter((c) => d.state.cell(c.id, region.id).status !== 'operational' || d.state.cell(c.id, region.id).dataState !== 'intact');
  const names = { product: region.product, carrier: region.carrier, market: marketName(region.market, region.locale, tr.locale) };
  return (
    <Layout ctx={ctx} region={region} feeds={regionFeeds(tr, region)} title={tr.t('region.title', names)} description={tr.t('region.description', { ...names, status: pageStatusText(tr, status) })}>
      <h1>{audience}</h1>
      <p>
        {tr.t('region.intro', { ...names, zone: zoneName(region.timeZone) })} <a href="/region?r=all">{tr.t('region.everyCarrier')}</a>
      </p>
      <Banner tr={tr} status={status} audience={audience} maintenance={maintenance.some((m) => m.active)} />
      {hit.length > 0 ? (
        <>
          <h2>{tr.t('region.affected')}</h2>
          <ul className="components">
            {hit.map((c) => {
              const cell = d.state.cell(c.id, region.id);
              const progress = restoreProgressText(tr, cell.dataState, cell.affectedUsers, cell.restoredUsers);
              return (
                <li key={c.id}>
                  <span>
                    {tr.t('region.onYour', { service: c.name, product: region.product })}
                    {progress ? (
                      <span className="small muted">
                        {' '}
                        · {progress}
                      </span>
                    ) : null}
                  </span>
                  <span>
                    <StatusTag tr={tr} status={cell.status} /> <DataTag tr={tr} state={cell.dataState} />
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      <h2>{tr.t('home.active')}</h2>
      {active.length === 0 ? <p>{tr.t('region.noActive', { audience: audienceName(region) })}</p> : active.map((i) => <IncidentSummary key={i.id} tr={tr} i={i} timeZone={region.timeZone} region={region} />)}
      {maintenance.length > 0 ? (
        <>
          <h2>{tr.t('home.maintenance')}</h2>
          {maintenance.map((i) => (
            <IncidentSummary key={i.id} tr={tr} i={i} timeZone={region.timeZone} region={region} />
          ))}
        </>
      ) : null}
      <h2>{tr.t('region.services', { product: region.product })}</h2>
      <ComponentList tr={tr} d={d} region={region} />
      {recent.length > 0 ? (
        <>
          <h2>{tr.t('home.recent')}</h2>
          {recent.map((i) => (
            <IncidentSummary key={i.id} tr={tr} i={i} timeZone={region.timeZone} region={region} />
          ))}
        </>
      ) : null}
      <p>
        <a href={`/regions/${region.slug}/history`}>{tr.t('home.historyLink')}</a>
        {region.supportUrl && /^https?:\/\//i.test(region.supportUrl) ? (
          <>
            {' '}
            · <a href={region.supportUrl}>{tr.t('region.support', { carrier: region.carrier })}</a>
          </>
        ) : null}
      </p>
    </Layout>
  );
}
