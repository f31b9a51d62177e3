/* eslint-disable @next/next/no-html-link-for-pages -- rendered by react-dom/server into the snapshot, outside Next */
import { audienceName } from '@/lib/domain/impact-matrix';
import { DOWNTIME_WEIGHT, type UptimeSeries } from '@/lib/domain/uptime';
import { formatDay, monthLabel as monthIn } from '@/lib/domain/time';
import type { Translator } from '@/lib/i18n/t';
import { affectsRegion, type Derived, type DerivedIncident } from '../derive';
import type { PublicRegion } from '../model';
import type { ViewContext } from './context';
import { Layout } from './layout';
import { IncidentSummary, incidentHref } from './parts';
import { zoneName } from './region';
import { componentStatusInline, uptimeText } from './words';
import { marketName } from '@/lib/i18n/languages';

/** An incident's link from a carrier's history stays with that carrier when it affected it. */
const linkFor = (i: DerivedIncident, region: PublicRegion | null) => incidentHref(i.id, region && affectsRegion(i, region.id) ? region : null);

function UptimeRow({ tr, d, id, name, series, region }: { tr: Translator; d: Derived; id: string; name: string; series: UptimeSeries; region: PublicRegion | null }) {
  const formatUptime = (f: number) => uptimeText(tr, f);
  const tz = 'UTC';
  const first = series.days[0];
  const last = series.days.length - 1;
  const days = series.days.map((day) => ({
    day,
    name: formatDay(new Date(`${day.date}T00:00:00Z`), tz, tr.locale),
    incidents: day.incidentIds.map((x) => d.byId.get(x)).filter((x) => x !== undefined),
  }));
  const withIncidents = days.filter((x) => x.incidents.length > 0).reverse();
  const worst = (x: (typeof days)[number]) => (x.day.worst !== 'operational' ? tr.t('history.worst', { status: componentStatusInline(tr, x.day.worst) }) : '');
  return (
    <div className="uptime-row">
      <div className="head">
        <h3 id={`h-${id}`}>{name}</h3>
        <span>
          <strong>{tr.t('history.uptime', { uptime: formatUptime(series.uptime) })}</strong>
        </span>
      </div>
      {/* One tab stop per row (today); the script adds arrow keys. Without it, any day opens on click and the list below has every incident. */}
      <div className="bars" role="group" aria-labelledby={`h-${id}`}>
        {days.map((x, k) => {
          const popId = `p-${id}-${x.day.date}`;
          const summary = tr.t('history.daySummary', { day: x.name, uptime: formatUptime(x.day.uptime), count: x.incidents.length });
          return (
            <div className="day" key={x.day.date}>
              <button type="button" popoverTarget={popId} className={`w-${x.day.worst}`} aria-label={summary} aria-describedby={x.incidents.length > 0 ? `${popId}-list` : undefined} tabIndex={k === last ? 0 : -1} />
              <div id={popId} popover="auto">
                <strong>{x.name}</strong>
                <div>
                  {tr.t('history.uptime', { uptime: formatUptime(x.day.uptime) })}
                  {worst(x)}
                </div>
                {x.incidents.length === 0 ? (
                  <div>{tr.t('history.noIncidentsDay')}</div>
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
        <span>{first ? formatDay(new Date(`${first.date}T00:00:00Z`), tz, tr.locale) : ''}</span>
        <span>{tr.t('history.today')}</span>
      </div>
      {withIncidents.length === 0 ? (
        <p className="small muted">{tr.t('history.none90')}</p>
      ) : (
        <details className="incident-days">
          <summary>
            {tr.t('history.daysWith', { count: withIncidents.length })}<span className="visually-hidden">: {name}</span>
          </summary>
          <ul>
            {withIncidents.map((x) => (
              <li key={x.day.date}>
                <strong>{x.name}</strong>: {tr.t('history.uptime', { uptime: formatUptime(x.day.uptime) })}
                {worst(x)}
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
  const { d, tr } = ctx;
  const monthLabel = (m: string) => monthIn(m, tr.locale);
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
    <Layout ctx={ctx} region={region} title={region ? tr.t('history.titleRegion', { month: monthLabel(month), product: region.product, carrier: region.carrier }) : tr.t('history.title', { month: monthLabel(month) })} description={tr.t('history.description', { month: monthLabel(month) })}>
      <h1>{showUptime ? tr.t('history.heading') : tr.t('history.headingMonth', { month: monthLabel(month) })}</h1>
      {region ? (
        <p className="small" data-carrier={region.slug}>
          {tr.t('history.carrierIntro', { audience: audienceName(region), market: marketName(region.market, region.locale, tr.locale), zone: zoneName(region.timeZone) })} <a href={month === months[0] ? '/history' : `/history/${month}`}>{tr.t('incident.allCarriers')}</a>
        </p>
      ) : null}
      {showUptime ? (
        <>
      <h2>{tr.t('history.uptimeTitle')}</h2>
      <p>{tr.t('history.uptimeExplain', { partial: DOWNTIME_WEIGHT.partial_outage })}</p>
      {/* A carrier's history leads with its own row; uptime by service (all carriers together) stays on the every-carrier page. */}
      {region ? (
        <>
          <section aria-labelledby="by-carrier">
            <h2 id="by-carrier">{tr.t('history.byCarrier')}</h2>
            {carriers.map((r) => (
              <UptimeRow key={r.id} tr={tr} d={d} id={`r-${r.slug}`} name={audienceName(r)} series={d.uptime.region(r.id)} region={region} />
            ))}
          </section>
          <p>
            <a href="/history">{tr.t('history.byServiceLink')}</a>
          </p>
        </>
      ) : (
        <>
      {d.model.components.length > 0 ? (
        <section aria-labelledby="by-service">
          <h2 id="by-service">{tr.t('history.byService')}</h2>
          {d.model.components.map((c) => (
            <UptimeRow key={c.id} tr={tr} d={d} id={`c-${c.slug}`} name={c.name} series={d.uptime.component(c.id)} region={region} />
          ))}
        </section>
      ) : null}
      {d.model.regions.length > 0 ? (
        <section aria-labelledby="by-carrier">
          <h2 id="by-carrier">{tr.t('history.byCarrier')}</h2>
          {carriers.map((r) => (
            <UptimeRow key={r.id} tr={tr} d={d} id={`r-${r.slug}`} name={audienceName(r)} series={d.uptime.region(r.id)} region={region} />
          ))}
        </section>
      ) : null}
        </>
      )}
        </>
      ) : (
        <p>
          <a href={base}>{tr.t('history.uptimeTitle')}</a>
        </p>
      )}
      <h2 id="month">{region ? tr.t('history.inMonthRegion', { month: monthLabel(month), audience: audienceName(region) }) : tr.t('history.inMonth', { month: monthLabel(month) })}</h2>
      {inMonth.length === 0 ? <p>{tr.t('history.noneMonth')}</p> : inMonth.map((i) => <IncidentSummary key={i.id} tr={tr} i={i} timeZone={tz} region={region} />)}
      <nav className="pager" aria-label={tr.t('history.months')}>
        {older ? <a href={href(older)}>← {monthLabel(older)}</a> : <span />}
        {newer ? <a href={href(newer)}>{monthLabel(newer)} →</a> : <span />}
      </nav>
    </Layout>
  );
}
