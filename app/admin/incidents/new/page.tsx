import type { Metadata } from 'next';
import Link from 'next/link';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { listComponents } from '@/lib/server/components/list-components';
import { listRegions } from '@/lib/server/regions/list-regions';
import { getTemplate, listTemplates } from '@/lib/server/templates/list-templates';
import { ImpactSelect, NotifyCheckbox, SubmitRow } from '../../_components/form-fields';
import { ActionForm } from '../../_lib/action-form';
import type { SearchParams } from '../../_lib/search-params';
import { declareIncidentAction } from '../actions';
import { gridAxes, ImpactGrid } from '../_components/impact-grid';
import { RegionPreview } from '../_components/region-preview';
import { CarrierTexts, NextUpdateField } from '../_components/carrier-texts';

export const metadata: Metadata = { title: 'Declare an incident' };

export default async function DeclarePage({ searchParams }: { searchParams: SearchParams }) {
  await requireStaff('responder');
  const params = await searchParams;
  const templateId = typeof params.template === 'string' ? params.template : undefined;
  const [components, regions, templates, template] = await Promise.all([listComponents(), listRegions(), listTemplates(), templateId ? getTemplate(templateId) : null]);
  const { gridComponents, gridRegions } = gridAxes(components, regions);
  return (
    <>
      <div className="page-head">
        <h1>Declare an incident</h1>
        <Link href="/admin/incidents">Back to incidents</Link>
      </div>
      {templates.length > 0 ? (
        <form method="get" className="row panel" aria-label="Start from a template">
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
      {/* The impact grid needs the full width (one column per region); the preview follows it. */}
      <div className="stack">
        <ActionForm action={declareIncidentAction} id="declare-form" className="stack panel" aria-label="Declare an incident">
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
            <ImpactSelect defaultValue="major" />
          </div>
          <fieldset>
            <legend>Affected components per region</legend>
            <ImpactGrid components={gridComponents} regions={gridRegions} current={new Map()} caption="Status and data state per component and region" showRestored={false} />
            <p className="muted">Setting data to “Likely permanently lost” holds the incident until a second staff member approves it.</p>
          </fieldset>
          <CarrierTexts formId="declare-form" regions={gridRegions} initialAffected={[]} mainLabel="First update" defaultBody={template?.body ?? ''} placeholder="We are investigating reports that…" />
          <NextUpdateField />
          <NotifyCheckbox />
          <SubmitRow>Declare incident</SubmitRow>
        </ActionForm>
        <aside className="panel">
          <RegionPreview formId="declare-form" regions={gridRegions} components={gridComponents} initialTitle={template?.title ?? ''} initialCells={[]} />
        </aside>
      </div>
    </>
  );
}
