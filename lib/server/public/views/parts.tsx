import type { ReactNode } from 'react';
import { formatDateTime, formatUtc } from '@/lib/domain/time';
import type { ComponentStatus, DataState, PageStatus } from '@/lib/domain/status';
import type { Translator } from '@/lib/i18n/t';
import { languageName, marketName } from '@/lib/i18n/languages';
import { audienceName, distinctAudienceName, impactMatrix } from '@/lib/domain/impact-matrix';
import { shownUntranslatedIn, textForReader } from '@/lib/domain/update-text';
import { renderMarkdown } from '../../markdown';
import type { Derived, DerivedIncident } from '../derive';
import type { PublicRegion, PublicUpdate } from '../model';
import { cellWords, componentStatusText, dataStateText, impactText, incidentStatusText, indicatorText, pageStatusText } from './words';

/** The UTC time beside a local one: 24-hour, in the reader's language (en-GB for English). */
export const utcLocale = (locale: string): string => (locale.startsWith('en') ? 'en-GB' : locale);

export function When({ iso, timeZone, locale = 'en-US' }: { iso: string; timeZone: string; locale?: string }) {
  const date = new Date(iso);
  const local = formatDateTime(date, timeZone, locale);
  return (
    <>
      <time dateTime={iso}>{local}</time>
      {timeZone !== 'UTC' && timeZone !== 'Etc/UTC' ? <span className="utc"> ({formatUtc(date, utcLocale(locale))})</span> : null}
    </>
  );
}

export function StatusTag({ tr, status }: { tr: Translator; status: ComponentStatus }) {
  return (
    <span className={`tag s-${status}`}>
      <span className="dot" aria-hidden="true" />
      {componentStatusText(tr, status)}
    </span>
  );
}

export function DataTag({ tr, state }: { tr: Translator; state: DataState }) {
  if (state === 'intact') return null;
  return <span className={`tag d-${state} ${state === 'lost' || state === 'at_risk' ? 's-major_outage' : 's-under_maintenance'}`}>{dataStateText(tr, state)}</span>;
}

export function Banner({ tr, status, audience, maintenance }: { tr: Translator; status: PageStatus; audience?: string; maintenance: boolean }) {
  const inMaintenance = status.indicator === 'none' && maintenance;
  const cls = inMaintenance ? 'i-maintenance' : `i-${status.indicator}`;
  return (
    <section className={`banner ${cls}`} aria-labelledby="overall">
      <p>
        <span className="sentence" id="overall">
          {pageStatusText(tr, status)}
        </span>
        {audience ? <span className="visually-hidden"> {tr.t('banner.for', { audience })}</span> : null}
      </p>
      <p className="small">{indicatorText(tr, status.indicator, inMaintenance)}</p>
    </section>
  );
}

/** Markdown as HTML; `lang` marks text in another language than the page's (WCAG 3.1.2). */
export function Markdown({ source, lang }: { source: string; lang?: string }) {
  return <div className="body" lang={lang} dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}

/**
 * An update's text for a region's readers (or the main text) in the page's language when staff
 * translated it; else as written, marked with the language it is in and headed by a one-line note
 * in the reader's language, as notices say it (issue 16).
 */
function ReadText({ tr, u, regionId }: { tr: Translator; u: PublicUpdate; regionId: string | null }) {
  const read = textForReader(u, regionId, tr.lang);
  const from = shownUntranslatedIn(read, tr.lang);
  if (from === null) return <Markdown source={read.text} />;
  return (
    <>
      <p className="small muted untranslated">{tr.t('notice.untranslated', { language: languageName(from, tr.locale) })}</p>
      <Markdown source={read.text} lang={read.untranslatedFrom!} />
    </>
  );
}

/**
 * An update as one region's customers read it (their own text, else the main text). Without a
 * region (the all-carriers pages) the main text comes first, then each carrier's own, labelled.
 */
export function UpdateText({ tr, u, region, regions }: { tr: Translator; u: PublicUpdate; region: PublicRegion | null; regions: PublicRegion[] }) {
  if (region) return <ReadText tr={tr} u={u} regionId={region.id} />;
  const own = regions.filter((r) => u.bodies[r.id]);
  return (
    <>
      <ReadText tr={tr} u={u} regionId={null} />
      {own.map((r) => (
        <div className="carrier-text" key={r.id}>
          <p className="meta">{tr.t('summary.carrierText', { audience: audienceName(r) })}</p>
          <ReadText tr={tr} u={u} regionId={r.id} />
        </div>
      ))}
    </>
  );
}

export const WHEN = '\u0000when\u0000';

/** The promised time of the next update, in the reader's zone; nothing when none is promised. */
export function NextUpdate({ tr, i, timeZone }: { tr: Translator; i: DerivedIncident; timeZone: string }) {
  if (!i.nextUpdateAt) return null;
  return <p className="next-update">{withWhen(tr.t('summary.nextUpdate', { when: WHEN }), <When iso={i.nextUpdateAt} timeZone={timeZone} locale={tr.locale} />)}</p>;
}

/** A translated sentence with a <When> where its {when} was (the sentence's word order is the language's). */
export function withWhen(text: string, when: ReactNode): ReactNode {
  const at = text.indexOf(WHEN);
  if (at === -1) return text;
  return (
    <>
      {text.slice(0, at)}
      {when}
      {text.slice(at + WHEN.length)}
    </>
  );
}
/** "Starts … · Ends …" (or "Started", "Ended" once past): a maintenance window as read now. */
export function MaintenanceWindow({ tr, i, timeZone }: { tr: Translator; i: DerivedIncident; timeZone: string }) {
  if (!i.scheduledFor || !i.windowWords) return null;
  const start = i.windowWords.start === 'Starts' ? tr.t('window.starts', { when: WHEN }) : tr.t('window.started', { when: WHEN });
  const end = i.windowWords.end === 'Ends' ? tr.t('window.ends', { when: WHEN }) : tr.t('window.ended', { when: WHEN });
  return (
    <span className="window">
      {withWhen(start, <When iso={i.scheduledFor} timeZone={timeZone} locale={tr.locale} />)}
      {i.scheduledUntil ? (
        <>
          {' · '}
          {withWhen(end, <When iso={i.scheduledUntil} timeZone={timeZone} locale={tr.locale} />)}
        </>
      ) : null}
    </span>
  );
}

/** Where an incident's page is: within a carrier's pages when the link is read there (see snapshot.tsx). */
export const incidentHref = (id: string, region?: { slug: string } | null): string => (region ? `/regions/${region.slug}/incidents/${id}` : `/incidents/${id}`);

export function IncidentSummary({ tr, i, timeZone, headingLevel = 3, region = null }: { tr: Translator; i: DerivedIncident; timeZone: string; headingLevel?: 2 | 3; region?: PublicRegion | null }) {
  const latest = i.updates[i.updates.length - 1];
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="card" aria-labelledby={`inc-${i.id}`}>
      <H id={`inc-${i.id}`}>
        <a href={incidentHref(i.id, region)}>{i.title}</a>
      </H>
      <p className="small muted">
        {i.isMaintenance ? tr.t('summary.maintenance') : impactText(tr, i.impact)} · <strong>{incidentStatusText(tr, i.current)}</strong>
        {i.isMaintenance ? (
          <>
            {' '}
            · <MaintenanceWindow tr={tr} i={i} timeZone={timeZone} />
          </>
        ) : null}
      </p>
      {latest ? (
        <div className="update">
          <p className="meta">{withWhen(tr.t('summary.latest', { status: incidentStatusText(tr, latest.status), when: WHEN }), <When iso={latest.displayAt} timeZone={timeZone} locale={tr.locale} />)}</p>
          <ReadText tr={tr} u={latest} regionId={region?.id ?? null} />
        </div>
      ) : null}
      <NextUpdate tr={tr} i={i} timeZone={timeZone} />
    </article>
  );
}

export function ComponentList({ tr, d, region }: { tr: Translator; d: Derived; region: PublicRegion | null }) {
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
              <StatusTag tr={tr} status={status(c.id)} /> <DataTag tr={tr} state={data(c.id)} />
            </span>
          </li>
        )),
      ])}
    </ul>
  );
}

export function ImpactMatrix({ tr, d, regions }: { tr: Translator; d: Derived; regions: PublicRegion[] }) {
  const sections = impactMatrix(d.model.groups, d.model.components, regions, d.state);
  if (sections.length === 0 || regions.length === 0) return null;
  const byId = new Map(regions.map((r) => [r.id, r]));
  return (
    <>
      {regions.length > 1 ? (
        <p className="small muted scroll-hint" aria-hidden="true">
          {tr.t('matrix.hint', { count: regions.length })}
        </p>
      ) : null}
    <div className="scroll" role="region" aria-labelledby="matrix-caption" tabIndex={0}>
      <table>
        <caption id="matrix-caption" className="visually-hidden">
          {tr.t('matrix.caption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{tr.t('matrix.service')}</th>
            {regions.map((r) => (
              <th scope="col" key={r.id}>
                <a href={`/regions/${r.slug}`}>{distinctAudienceName({ ...r, market: marketName(r.market, r.locale, tr.locale) }, regions)}</a>
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
                {row.cells.map((cell) => {
                  const r = byId.get(cell.regionId);
                  const words = cellWords(tr, row.name, r ? audienceName(r) : '', cell.status, cell.dataState);
                  return (
                    <td key={cell.regionId} className={`cell s-${cell.status}`} title={words.label}>
                      <span aria-hidden="true">
                        <span className="dot" />
                        {words.text}
                      </span>
                      <span className="visually-hidden">{words.label}</span>
                    </td>
                  );
                })}
              </tr>
            )),
          ])}
        </tbody>
      </table>
    </div>
    </>
  );
}
