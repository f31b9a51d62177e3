import type { Metadata } from 'next';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { INCIDENT_STATUS_VALUES } from '@/lib/server/incidents/schemas';
import { listTemplates } from '@/lib/server/templates/list-templates';
import { ActionForm } from '../_lib/action-form';
import { FlashMessage } from '../_lib/flash-message';
import { EmptyState } from '../_components/data-table';
import { SubmitRow } from '../_components/form-fields';
import { statusText } from '../_components/labels';
import { deleteTemplateAction, saveTemplateAction } from './actions';

export const metadata: Metadata = { title: 'Update templates' };

type Template = Awaited<ReturnType<typeof listTemplates>>[number];

function Fields({ t }: { t?: Template }) {
  return (
    <>
      {t ? <input type="hidden" name="id" value={t.id} /> : null}
      <div className="row">
        <label>
          Template name
          <input name="name" required maxLength={100} defaultValue={t?.name} />
        </label>
        <label>
          Incident title (optional)
          <input name="title" maxLength={200} defaultValue={t?.title ?? ''} />
        </label>
        <label>
          Status (optional)
          <select name="status" defaultValue={t?.status ?? ''}>
            <option value="">Any</option>
            {INCIDENT_STATUS_VALUES.map((s) => (
              <option key={s} value={s}>
                {statusText(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Text
        <textarea name="body" required maxLength={20000} defaultValue={t?.body} />
      </label>
    </>
  );
}

export default async function TemplatesPage() {
  const actor = await requireStaff('viewer');
  const canEdit = hasRole(actor, 'responder');
  const templates = await listTemplates();
  return (
    <>
      <h1>Update templates</h1>
      <FlashMessage />
      <p className="muted">Reusable texts for the first update of an incident; pick one on the declare screen.</p>
      {templates.length === 0 ? <EmptyState>No templates yet.</EmptyState> : null}
      {templates.map((t) => (
        <section key={t.id} className="panel" aria-label={t.name}>
          <h2>{t.name}</h2>
          {canEdit ? (
            <>
              <ActionForm action={saveTemplateAction} className="stack">
                <Fields t={t} />
                <SubmitRow primary={false}>Save</SubmitRow>
              </ActionForm>
              <ActionForm action={deleteTemplateAction} confirm={`Delete template ${t.name}?`}>
                <input type="hidden" name="id" value={t.id} />
                <button type="submit">Delete</button>
              </ActionForm>
            </>
          ) : (
            <p className="timeline-body">{t.body}</p>
          )}
        </section>
      ))}
      {canEdit ? (
        <section className="panel" aria-labelledby="new-template">
          <h2 id="new-template">Add a template</h2>
          <ActionForm action={saveTemplateAction} className="stack">
            <Fields />
            <SubmitRow>Add template</SubmitRow>
          </ActionForm>
        </section>
      ) : null}
    </>
  );
}
