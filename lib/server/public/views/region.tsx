/* eslint-disable @next/next/no-html-link-for-pages -- rendered by react-dom/server into the snapshot, outside Next */
import { audienceName } from '@/lib/domain/impact-matrix';
import { affectsRegion } from '../derive';
import type { PublicRegion } from '../model';
import { regionFeeds, type ViewContext } from './context';
import { Layout } from './layout';
import { Banner, ComponentList, DataTag, IncidentSummary, StatusTag } from './parts';

export function RegionPage({ ctx, region }: { ctx: ViewContext; region: PublicRegion }) {
  const { d } = ctx;
  const audience = `${audienceName(region)} customers`;
  const status = d.regionStatus.get(region.id) ?? d.status;
  const mine = d.incidents.filter((i) => affectsRegion(i, region.id));
  const active = mine.filter((i) => i.active && !i.isMaintenance);
  const maintenance = mine.filter((i) => i.isMaintenance && (i.maintenance === 'scheduled' || i.maintenance === 'in_progress' || i.maintenance === 'verifying'));
  const recent = mine.filter((i) => !i.isMaintenance && !i.active && i.resolvedAt && d.now.getTime() - Date.parse(i.resolvedAt) < 7 * 86_400_000);
  const hit = d.model.components.filter((c) => d.state.cell(c.id, region.id).status !== 'operational' || d.state.cell(c.id, region.id).dataState !== 'intact');
  return (
    <Layout ctx={ctx} region={region} feeds={regionFeeds(region)} title={`${region.product} status for ${region.carrier}`} description={`${status.description}: the status of ${region.product} services for ${region.carrier} customers in ${region.market}.`}>
      <h1>{audience}</h1>
      <p>
        The status of {region.product} services for {region.carrier} customers in {region.market}. Times are shown in {region.timeZone.replace(/_/g, ' ')} time, with UTC alongside.{' '}
        <a href="/region?r=all">See every carrier</a>
      </p>
      <Banner status={status} audience={audience} maintenance={maintenance.some((m) => m.active)} />
      {hit.length > 0 ? (
        <>
          <h2>What is affected for you</h2>
          <ul className="components">
            {hit.map((c) => {
              const cell = d.state.cell(c.id, region.id);
              return (
                <li key={c.id}>
                  <span>
                    {c.name} on your {region.product}
                    {cell.affectedUsers > 0 ? (
                      <span className="small muted">
                        {' '}
                        · {cell.restoredUsers.toLocaleString('en-US')} of {cell.affectedUsers.toLocaleString('en-US')} affected customers restored
                      </span>
                    ) : null}
                  </span>
                  <span>
                    <StatusTag status={cell.status} /> <DataTag state={cell.dataState} />
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      <h2>Active incidents</h2>
      {active.length === 0 ? <p>Nothing is affecting {audience} right now.</p> : active.map((i) => <IncidentSummary key={i.id} i={i} timeZone={region.timeZone} locale={region.locale} region={region} />)}
      {maintenance.length > 0 ? (
        <>
          <h2>Maintenance</h2>
          {maintenance.map((i) => (
            <IncidentSummary key={i.id} i={i} timeZone={region.timeZone} locale={region.locale} region={region} />
          ))}
        </>
      ) : null}
      <h2>{region.product} services</h2>
      <ComponentList d={d} region={region} />
      {recent.length > 0 ? (
        <>
          <h2>Resolved in the past week</h2>
          {recent.map((i) => (
            <IncidentSummary key={i.id} i={i} timeZone={region.timeZone} locale={region.locale} region={region} />
          ))}
        </>
      ) : null}
      <p>
        <a href="/history">Incident history and 90-day uptime</a>
        {region.supportUrl && /^https?:\/\//i.test(region.supportUrl) ? (
          <>
            {' '}
            · <a href={region.supportUrl}>{region.carrier} support</a>
          </>
        ) : null}
      </p>
    </Layout>
  );
}
