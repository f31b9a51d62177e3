import { formatDateTime, formatUtc } from '@/lib/domain/time';
import { DATA_STATE_LABEL } from '@/lib/domain/data-state';
import { COMPONENT_STATUS_LABEL, IMPACT_TEXT, INCIDENT_STATUS_LABEL, INDICATOR_TEXT, MAINTENANCE_TEXT, type ComponentStatus, type DataState, type PageStatus } from '@/lib/domain/status';
import { audienceName, impactMatrix } from '@/lib/domain/impact-matrix';
import { bodyForRegion } from '@/lib/domain/update-text';
import { renderMarkdown } from '../../markdown';
import type { Derived, DerivedIncident } from '../derive';
import type { PublicRegion, PublicUpdate } from '../model';

export function When({ iso, timeZone, locale = 'en-US' }: { iso: string; timeZone: string; locale?: string }) {
  const date = new Date(iso);
  const local = formatDateTime(date, timeZone, locale);
  return (
    <>
      <time dateTime={iso}>{local}</time>
      {timeZone !== 'UTC' && timeZone !== 'Etc/UTC' ? <span className="utc"> ({formatUtc(date)})</span> : null}
    </>
  );
}

export function StatusTag({ status }: { status: ComponentStatus }) {
  return (
    <span className={`tag s-${status}`}>
      <span className="dot" aria-hidden="true" />
      {COMPONENT_STATUS_LABEL[status]}
    </span>
  );
}

export function DataTag({ state }: { state: DataState }) {
  if (state === 'intact') return null;
  return <span className={`tag d-${state} ${state === 'lost' || state === 'at_risk' ? 's-major_outage' : 's-under_maintenance'}`}>{DATA_STATE_LABEL[state]}</span>;
}

export function Banner({ status, audience, maintenance }: { status: PageStatus; audience?: string; maintenance: boolean }) {
  const inMaintenance = status.indicator === 'none' && maintenance;
  const cls = inMaintenance ? 'i-maintenance' : `i-${status.indicator}`;
  return (
    <section className={`banner ${cls}`} aria-labelledby="overall">
      <p>
        <span className="sentence" id="overall">
          {status.description}
        </span>
        {audience ? <span className="visually-hidden"> for {audience}</span> : null}
      </p>
      <p className="small">{inMaintenance ? MAINTENANCE_TEXT : INDICATOR_TEXT[status.indicator]}</p>
    </section>
  );
}

export function Markdown({ source }: { source: string }) {
  return <div className="body" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}

/**
 * An update as one region's customers read it (their own text, else the main text). Without a
 * region (the all-carriers pages) the main text comes first, then each carrier's own, labelled.
 */
export function UpdateText({ u, region, regions }: { u: PublicUpdate; region: PublicRegion | null; regions: PublicRegion[] }) {
  if (region) return <Markdown source={bodyForRegion(u, region.id)} />;
  const own = regions.filter((r) => u.bodies[r.id]);
  return (
    <>
      <Markdown source={u.body} />
      {own.map((r) => (
        <div className="carrier-text" key={r.id}>
          <p className="meta">For {audienceName(r)} customers:</p>
          <Markdown source={u.bodies[r.id]!} />
        </div>
      ))}
    </>
  );
}

/** The promised time of the next update, in the reader's zone; nothing when none is promised. */
export function NextUpdate({ i, timeZone, locale }: { i: DerivedIncident; timeZone: string; locale?: string }) {
  if (!i.nextUpdateAt) return null;
  return (
    <p className="next-update">
      Next update by <When iso={i.nextUpdateAt} timeZone={timeZone} locale={locale} />
    </p>
  );
}

/** "Starts … · Ends …" (or "Started", "Ended" once past): a maintenance window as read now. */
export function MaintenanceWindow({ i, timeZone, locale }: { i: DerivedIncident; timeZone: string; locale?: string }) {
  if (!i.scheduledFor || !i.windowWords) return null;
  return (
    <span className="window">
      {i.windowWords.start} <When iso={i.scheduledFor} timeZone={timeZone} locale={locale} />
      {i.scheduledUntil ? (
        <>
          {' · '}
          {i.windowWords.end} <When iso={i.scheduledUntil} timeZone={timeZone} locale={locale} />
        </>
      ) : null}
    </span>
  );
}

export function incidentStatusLabel(i: DerivedIncident): string {
  return INCIDENT_STATUS_LABEL[i.current];
}

/** Where an incident's page is: within a carrier's pages when the link is read there (see snapshot.tsx). */
export const incidentHref = (id: string, region?: { slug: string } | null): string => (region ? `/regions/${region.slug}/incidents/${id}` : `/incidents/${id}`);

export function IncidentSummary({ i, timeZone, locale, headingLevel = 3, region = null }: { i: DerivedIncident; timeZone: string; locale?: string; headingLevel?: 2 | 3; region?: PublicRegion | null }) {
  const latest = i.updates[i.updates.length - 1];
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="card" aria-labelledby={`inc-${i.id}`}>
      <H id={`inc-${i.id}`}>
        <a href={incidentHref(i.id, region)}>{i.title}</a>
      </H>
      <p className="small muted">
        {i.isMaintenance ? 'Maintenance' : IMPACT_TEXT[i.impact]} · <strong>{incidentStatusLabel(i)}</strong>
        {i.isMaintenance ? (
          <>
            {' '}
            · <MaintenanceWindow i={i} timeZone={timeZone} locale={locale} />
          </>
        ) : null}
      </p>
      {latest ? (
        <div className="update">
          <p className="meta">
            Latest update, {INCIDENT_STATUS_LABEL[latest.status]}: <When iso={latest.displayAt} timeZone={timeZone} locale={locale} />
          </p>
          <Markdown source={bodyForRegion(latest, region?.id)} />
        </div>
      ) : null}
      <NextUpdate i={i} timeZone={timeZone} locale={locale} />
    </article>
  );
}

export function ComponentList({ d, region }: { d: Derived; region: PublicRegion | null }) {
  const { model } = d;
  const status = (id: string) => (region ? d.state.cell(id, region.id).status : d.state.component(id));
  const data = (id: string) => (region ? d.state.cell(id, region.id).dataState : d.state.componentData(id));
  const shown = model.components.filter((c) => !c.onlyShowIfDegraded || status(c.id) !== 'operational');
  const sections = [
    ...model.groups.map((g) => ({ key: g.id, name: g.name, items: shown.filter((c) => c.groupId === g.id) })),
    { key: 'none', name: null as string | null, items: shown.filter((c) => !c.groupId || !model.groups.some((g) => g.id === c.groupId)) },
  ].filter((s) => s.items.length > 0);
  return (
    <ul className="components">
      {sections.flatMap((s) => [
        ...(s.name ? [<li key={`g-${s.key}`} className="group-name">{s.name}</li>] : []),
        ...s.items.map((c) => (
          <li key={c.id}>
            <span>
              {c.name}
              {c.description ? <span className="small muted"> · {c.description}</span> : null}
            </span>
            <span>
              <StatusTag status={status(c.id)} /> <DataTag state={data(c.id)} />
            </span>
          </li>
        )),
      ])}
    </ul>
  );
}

export function ImpactMatrix({ d, regions }: { d: Derived; regions: PublicRegion[] }) {
  const sections = impactMatrix(d.model.groups, d.model.components, regions, d.state);
  if (sections.length === 0 || regions.length === 0) return null;
  return (
    <>
      {regions.length > 1 ? (
        <p className="small muted scroll-hint" aria-hidden="true">
          ⇆ {regions.length} carriers: scroll the table sideways to see them all.
        </p>
      ) : null}
    <div className="scroll" role="region" aria-labelledby="matrix-caption" tabIndex={0}>
      <table>
        <caption id="matrix-caption" className="visually-hidden">
          Impact by service and carrier: status and customer data state
        </caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            {regions.map((r) => (
              <th scope="col" key={r.id}>
                <a href={`/regions/${r.slug}`}>{audienceName(r)}</a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sections.flatMap((s) => [
            ...(s.name
              ? [
                  <tr key={`g-${s.groupId}`}>
                    <th scope="colgroup" colSpan={regions.length + 1} className="section">
                      {s.name}
                    </th>
                  </tr>,
                ]
              : []),
            ...s.rows.map((row) => (
              <tr key={row.componentId}>
                <th scope="row">{row.name}</th>
                {row.cells.map((cell) => (
                  <td key={cell.regionId} className={`cell s-${cell.status}`} title={cell.label}>
                    <span aria-hidden="true">
                      <span className="dot" />
                      {cell.text}
                    </span>
                    <span className="visually-hidden">{cell.label}</span>
                  </td>
                ))}
              </tr>
            )),
          ])}
        </tbody>
      </table>
    </div>
    </>
  );
}
