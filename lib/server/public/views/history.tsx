/* eslint-disable @next/next/no-html-link-for-pages -- rendered by react-dom/server into the snapshot, outside Next */
import { audienceName } from '@/lib/domain/impact-matrix';
import { formatUptime, DOWNTIME_WEIGHT, type UptimeSeries } from '@/lib/domain/uptime';
import { formatDay, monthLabel } from '@/lib/domain/time';
import { COMPONENT_STATUS_LABEL } from '@/lib/domain/status';
import { affectsRegion, type Derived, type DerivedIncident } from '../derive';
import type { PublicRegion } from '../model';
import type { ViewContext } from './context';
import { Layout } from './layout';
import { IncidentSummary, incidentHref } from './parts';

/** An incident's link from a carrier's history stays with that carrier when it affected it. */
const linkFor = (i: DerivedIncident, region: PublicRegion | null) => incidentHref(i.id, region && affectsRegion(i, region.id) ? region : null);

function UptimeRow({ d, id, name, series, region }: { d: Derived; id: string; name: string; series: UptimeSeries; region: PublicRegion | null }) {
  const tz = 'UTC';
  const first = series.days[0];
  const last = series.days.length - 1;
  const days = series.days.map((day) => ({
    day,
    name: formatDay(new Date(`${day.date}T00:00:00Z`), tz),
    incidents: day.incidentIds.map((x) => d.byId.get(x)).filter((x) => x !== undefined),
  }));
  const withIncidents = days.filter((x) => x.incidents.length > 0).reverse();
  const worst = (x: (typeof days)[number]) => (x.day.worst !== 'operational' ? ` · worst: ${COMPONENT_STATUS_LABEL[x.day.worst].toLowerCase()}` : '');
  return (
    <div className="uptime-row">
      <div className="head">
        <h3 id={`h-${id}`}>{name}</h3>
        <span>
          <strong>{formatUptime(series.uptime)}</strong> uptime
        </span>
      </div>
      {/* One tab stop per row (today); the script adds arrow keys. Without it, any day opens on click and the list below has every incident. */}
      <div className="bars" role="group" aria-labelledby={`h-${id}`}>
        {days.map((x, k) => {
          const popId = `p-${id}-${x.day.date}`;
          const summary = `${x.name}: ${formatUptime(x.day.uptime)} uptime, ${x.incidents.length === 0 ? 'no incidents' : `${x.incidents.length} incident${x.incidents.length > 1 ? 's' : ''}`}`;
          return (
            <div className="day" key={x.day.date}>
              <button type="button" popoverTarget={popId} className={`w-${x.day.worst}`} aria-label={summary} aria-describedby={x.incidents.length > 0 ? `${popId}-list` : undefined} tabIndex={k === last ? 0 : -1} />
              <div id={popId} popover="auto">
                <strong>{x.name}</strong>
                <div>
                  {formatUptime(x.day.uptime)} uptime{worst(x)}
                </div>
                {x.incidents.length === 0 ? (
                  <div>No incidents.</div>
                ) : (
                  <ul id={`${popId}-list`}>
                    {x.incidents.map((i) => (
                      <li key={i.id}>
                        <a href={linkFor(i, region)}>{i.title}</a>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
          );
        })}
      </div>
      <div className="axis" aria-hidden="true">
        <span>{first ? formatDay(new Date(`${first.date}T00:00:00Z`), tz) : ''}</span>
        <span>Today</span>
      </div>
      {withIncidents.length === 0 ? (
        <p className="small muted">No incidents in the past 90 days.</p>
      ) : (
        <details className="incident-days">
          <summary>
            Days with incidents ({withIncidents.length})<span className="visually-hidden">: {name}</span>
          </summary>
          <ul>
            {withIncidents.map((x) => (
              <li key={x.day.date}>
                <strong>{x.name}</strong>: {formatUptime(x.day.uptime)} uptime{worst(x)}
                <ul>
                  {x.incidents.map((i) => (
                    <li key={i.id}>
                      <a href={linkFor(i, region)}>{i.title}</a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/**
 * A month of incidents, headed on the current month by 90-day uptime. For one carrier (`region`, at
 * /regions/<slug>/history): its incidents only, its row first, its time zone, a link to every carrier.
 */
export function HistoryPage({ ctx, month, months, region = null }: { ctx: ViewContext; month: string; months: string[]; region?: PublicRegion | null }) {
  // The 90-day bars are about now: they head the current month's page only.
  const showUptime = month === months[0];
  const { d } = ctx;
  const tz = region?.timeZone ?? d.model.page.timeZone;
  const inMonth = d.incidents
    .filter((i) => (i.isMaintenance ? (i.scheduledFor ?? i.startedAt) : i.startedAt).startsWith(month) && (!region || affectsRegion(i, region.id)))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const index = months.indexOf(month);
  const newer = index > 0 ? months[index - 1] : undefined;
  const older = index >= 0 && index + 1 < months.length ? months[index + 1] : undefined;
  const base = region ? `/regions/${region.slug}/history` : '/history';
  const href = (m: string) => (m === months[0] ? base : `${base}/${m}`);
  const carriers = [...d.model.regions].sort((a, b) => Number(b.id === region?.id) - Number(a.id === region?.id));
  return (
    <Layout ctx={ctx} region={region} title={`History: ${monthLabel(month)}${region ? ` · ${region.product} on ${region.carrier}` : ''}`} description={`Incidents in ${monthLabel(month)} and 90-day uptime by service and carrier.`}>
      <h1>History{showUptime ? '' : `: ${monthLabel(month)}`}</h1>
      {region ? (
        <p className="small" data-carrier={region.slug}>
          For {audienceName(region)} customers in {region.market}; times in {region.timeZone.replace(/_/g, ' ')} time, with UTC alongside. <a href={month === months[0] ? '/history' : `/history/${month}`}>All carriers</a>
        </p>
      ) : null}
      {showUptime ? (
        <>
      <h2>Uptime over the past 90 days</h2>
      <p>
        Each bar is one day (UTC); choose a day to see its incidents, or use the arrow keys to move between days. Below each row, the days with incidents are listed. A day&apos;s uptime is the share of the day without an outage, where a major outage counts in full, a partial outage counts as {DOWNTIME_WEIGHT.partial_outage * 100}% of its
        duration, and degraded performance and maintenance do not count against uptime. When incidents overlap, only the heaviest counts. A service&apos;s uptime weighs each carrier by its number of customers; a carrier&apos;s uptime is
        the average over its services.
      </p>
      {/* A carrier's history leads with its own row; uptime by service (all carriers together) stays on the every-carrier page. */}
      {region ? (
        <>
          <section aria-labelledby="by-carrier">
            <h2 id="by-carrier">By carrier</h2>
            {carriers.map((r) => (
              <UptimeRow key={r.id} d={d} id={`r-${r.slug}`} name={audienceName(r)} series={d.uptime.region(r.id)} region={region} />
            ))}
          </section>
          <p>
            <a href="/history">Uptime by service, every carrier</a>
          </p>
        </>
      ) : (
        <>
      {d.model.components.length > 0 ? (
        <section aria-labelledby="by-service">
          <h2 id="by-service">By service</h2>
          {d.model.components.map((c) => (
            <UptimeRow key={c.id} d={d} id={`c-${c.slug}`} name={c.name} series={d.uptime.component(c.id)} region={region} />
          ))}
        </section>
      ) : null}
      {d.model.regions.length > 0 ? (
        <section aria-labelledby="by-carrier">
          <h2 id="by-carrier">By carrier</h2>
          {carriers.map((r) => (
            <UptimeRow key={r.id} d={d} id={`r-${r.slug}`} name={audienceName(r)} series={d.uptime.region(r.id)} region={region} />
          ))}
        </section>
      ) : null}
        </>
      )}
        </>
      ) : (
        <p>
          <a href={base}>Uptime over the past 90 days</a>
        </p>
      )}
      <h2 id="month">Incidents in {monthLabel(month)}{region ? ` for ${audienceName(region)}` : ''}</h2>
      {inMonth.length === 0 ? <p>No incidents were reported this month.</p> : inMonth.map((i) => <IncidentSummary key={i.id} i={i} timeZone={tz} locale={region?.locale} region={region} />)}
      <nav className="pager" aria-label="Months">
        {older ? <a href={href(older)}>← {monthLabel(older)}</a> : <span />}
        {newer ? <a href={href(newer)}>{monthLabel(newer)} →</a> : <span />}
      </nav>
    </Layout>
  );
}
