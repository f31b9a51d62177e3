/* eslint-disable @next/next/no-html-link-for-pages -- rendered by react-dom/server into the snapshot, outside Next */
import { audienceName } from '@/lib/domain/impact-matrix';
import type { ViewContext } from './context';
import { Layout } from './layout';
import { Banner, ComponentList, ImpactMatrix, IncidentSummary } from './parts';

export function HomePage({ ctx }: { ctx: ViewContext }) {
  const { d } = ctx;
  const tz = d.model.page.timeZone;
  const active = d.incidents.filter((i) => i.active && !i.isMaintenance);
  const maintenance = d.incidents.filter((i) => i.isMaintenance && (i.maintenance === 'scheduled' || i.maintenance === 'in_progress' || i.maintenance === 'verifying'));
  const recent = d.incidents.filter((i) => !i.isMaintenance && !i.active && i.resolvedAt && d.now.getTime() - Date.parse(i.resolvedAt) < 7 * 86_400_000);
  return (
    <Layout ctx={ctx} title="Current status" description={`${d.status.description}. Live status of every service, by carrier.`}>
      <h1>{d.model.page.name}</h1>
      <Banner status={d.status} maintenance={maintenance.some((m) => m.active)} />
      {d.model.regions.length > 0 ? (
        <p>
          Pick your carrier to see only what affects you, in your time zone:{' '}
          {d.model.regions.map((r, k) => (
            <span key={r.id}>
              {k > 0 ? ', ' : ''}
              <a href={`/regions/${r.slug}`}>{audienceName(r)}</a>
            </span>
          ))}
          .
        </p>
      ) : null}
      <h2>Active incidents</h2>
      {active.length === 0 ? <p>No incidents right now.</p> : active.map((i) => <IncidentSummary key={i.id} i={i} timeZone={tz} />)}
      {maintenance.length > 0 ? (
        <>
          <h2>Maintenance</h2>
          {maintenance.map((i) => (
            <IncidentSummary key={i.id} i={i} timeZone={tz} />
          ))}
        </>
      ) : null}
      <h2>Services</h2>
      {d.model.components.length === 0 ? <p>No services are listed yet.</p> : <ComponentList d={d} region={null} />}
      {d.model.regions.length > 0 && d.model.components.length > 0 ? (
        <>
          <h2>Impact by carrier</h2>
          <p className="small muted">Each cell gives the service&apos;s status for that carrier&apos;s customers and whether their data is safe.</p>
          <ImpactMatrix d={d} regions={d.model.regions} />
        </>
      ) : null}
      {recent.length > 0 ? (
        <>
          <h2>Resolved in the past week</h2>
          {recent.map((i) => (
            <IncidentSummary key={i.id} i={i} timeZone={tz} />
          ))}
        </>
      ) : null}
      <p>
        <a href="/history">Incident history and 90-day uptime</a>
      </p>
    </Layout>
  );
}
