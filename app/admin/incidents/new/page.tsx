import type { Metadata } from 'next';
import Link from 'next/link';
import { dataStateTitle } from '@/lib/domain/data-state';
import { cellKey, chosenCells } from '@/lib/domain/impact-choice';
import { INCIDENT_STATUSES, isClosedStatus } from '@/lib/domain/incident-lifecycle';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { listComponents } from '@/lib/server/components/list-components';
import { listRegions } from '@/lib/server/regions/list-regions';
import { getPageSettings } from '@/lib/server/settings/get-page-settings';
import { defaultZone, zoneChoices } from '../../_lib/zones';
import { getTemplate, listTemplates } from '@/lib/server/templates/list-templates';
import { ImpactSelect, NotifyCheckbox, SubmitRow } from '../../_components/form-fields';
import { statusText } from '../../_components/labels';
import { ActionForm } from '../../_lib/action-form';
import type { SearchParams } from '../../_lib/search-params';
import { declareIncidentAction } from '../actions';
import { BulkApply } from '../_components/bulk-apply';
import { gridAxes, ImpactGrid } from '../_components/impact-grid';
import { PickMatrix } from '../_components/pick-matrix';
import { RegionPreview } from '../_components/region-preview';
import { CarrierTexts, NextUpdateField } from '../_components/carrier-texts';

export const metadata: Metadata = { title: 'Declare an incident' };

const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** A new incident starts in one of the open statuses (resolving is a separate step). */
const INITIAL_STATUSES = INCIDENT_STATUSES.filter((s) => !isClosedStatus(s));

/**
 * Declaring in two steps, both plain forms: first tick the affected services x carriers (a GET
 * form, so the choice lives in the address), then set details only for those cells, with bulk
 * "apply to row / column / all chosen", the initial status, and the per-region preview in view.
 */
export default async function DeclarePage({ searchParams }: { searchParams: SearchParams }) {
  await requireStaff('responder');
  const params = await searchParams;
  const templateId = typeof params.template === 'string' ? params.template : undefined;
  const [components, regions, templates, template, settings] = await Promise.all([listComponents(), listRegions(), listTemplates(), templateId ? getTemplate(templateId) : null, getPageSettings()]);
  const { gridComponents, gridRegions } = gridAxes(components, regions);
  const picked = chosenCells(
    { cells: all(params.cell), rows: all(params.row), cols: all(params.col) },
    gridComponents.map((c) => c.slug),
    gridRegions.map((r) => r.slug),
  );
  const chosen = new Set(picked.map((c) => cellKey(c.component, c.region)));
  const detailsStep = params.step === 'details';
  const back = new URLSearchParams([...(templateId ? [['template', templateId]] : []), ...[...chosen].map((k) => ['cell', k])]);
  const shownComponents = gridComponents.filter((c) => picked.some((p) => p.component === c.slug));
  const shownRegions = gridRegions.filter((r) => picked.some((p) => p.region === r.slug));
  return (
    <>
      <div className="page-head">
        <h1>Declare an incident</h1>
        <Link href="/admin/incidents">Back to incidents</Link>
      </div>
      <ol className="steps" aria-label="Steps">
        <li aria-current={detailsStep ? undefined : 'step'}>1. Affected services and carriers</li>
        <li aria-current={detailsStep ? 'step' : undefined}>2. Details</li>
      </ol>
      {!detailsStep ? (
        <form method="get" className="stack panel" aria-label="Choose the affected services and carriers">
          {templateId ? <input type="hidden" name="template" value={templateId} /> : null}
          <input type="hidden" name="step" value="details" />
          <h2>Which services and carriers are affected?</h2>
          {gridComponents.length === 0 || gridRegions.length === 0 ? (
            <p className="muted">Add components and regions first (Components and Regions in the menu) to record impact per region.</p>
          ) : (
            <PickMatrix components={gridComponents} regions={gridRegions} initial={[...chosen]} />
          )}
          <div className="row">
            <button type="submit" className="primary">
              Next: set details
            </button>
            <Link href={`/admin/incidents/new?${new URLSearchParams([...(templateId ? [['template', templateId]] : []), ['step', 'details']])}`}>Declare without per-region impact</Link>
          </div>
        </form>
      ) : (
        <>
          <p className="row">
            <span>
              {chosen.size === 0 ? 'No service or carrier chosen.' : `${chosen.size} service × carrier cell${chosen.size === 1 ? '' : 's'} chosen.`}
            </span>
            <Link href={`/admin/incidents/new?${back}`}>Change the choice</Link>
          </p>
          {templates.length > 0 ? (
            <form method="get" className="row panel" aria-label="Start from a template">
              <input type="hidden" name="step" value="details" />
              {[...chosen].map((k) => (
                <input key={k} type="hidden" name="cell" value={k} />
              ))}
              <label>
                Start from a template
                <select name="template" defaultValue={template?.id ?? ''}>
                  <option value="">None</option>
                  {templates.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit">Use template</button>
            </form>
          ) : null}
          <ActionForm action={declareIncidentAction} id="declare-form" className="panel form-with-preview" aria-label="Declare an incident">
            <div className="stack form-main">
              <label>
                Title
                <input name="name" required maxLength={200} defaultValue={template?.title ?? ''} placeholder="Contacts, calendar and photos unavailable" autoFocus />
              </label>
              <div className="row">
                <label>
                  Kind
                  <select name="kind" defaultValue="outage">
                    <option value="outage">Outage</option>
                    <option value="degradation">Degradation</option>
                    <option value="data_loss">Data loss</option>
                  </select>
                </label>
                <label>
                  Status
                  <select name="status" defaultValue="investigating">
                    {INITIAL_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {statusText(s)}
                      </option>
                    ))}
                  </select>
                </label>
                <ImpactSelect defaultValue="major" />
              </div>
              {chosen.size > 0 ? (
                <fieldset className="stack">
                  <legend>Details for the chosen cells</legend>
                  <BulkApply formId="declare-form" components={shownComponents} regions={shownRegions} />
                  <ImpactGrid components={gridComponents} regions={gridRegions} current={new Map()} chosen={chosen} caption="Status and data state per chosen service and carrier" showRestored={false} />
                  <p className="muted">Setting data to “{dataStateTitle('lost')}” holds the incident until a second staff member approves it.</p>
                </fieldset>
              ) : null}
              <CarrierTexts formId="declare-form" regions={gridRegions} initialAffected={shownRegions.map((r) => r.slug)} mainLabel="First update" defaultBody={template?.body ?? ''} placeholder="We are investigating reports that…" />
              <NextUpdateField zones={zoneChoices(settings.timeZone, regions)} defaultZone={defaultZone(settings.timeZone, regions)} />
              <NotifyCheckbox />
            </div>
            <aside className="panel preview-aside">
              <RegionPreview
                formId="declare-form"
                regions={gridRegions}
                components={gridComponents}
                initialTitle={template?.title ?? ''}
                initialCells={picked.map((p) => ({ ...p, status: 'partial_outage', dataState: 'intact', affected: 0, restored: 0 }))}
              />
            </aside>
            <div className="form-submit">
              <SubmitRow>Declare incident</SubmitRow>
            </div>
          </ActionForm>
        </>
      )}
    </>
  );
}
