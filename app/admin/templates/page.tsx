import type { Metadata } from 'next';
import Link from 'next/link';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { INCIDENT_STATUS_VALUES } from '@/lib/server/incidents/schemas';
import { listNoticeTemplates, type TemplateScopeView } from '@/lib/server/notice-templates/list-notice-templates';
import { ALL_REGIONS } from '@/lib/server/notice-templates/schemas';
import { LANGUAGE_NAMES } from '@/lib/i18n/languages';
import { listTemplates } from '@/lib/server/templates/list-templates';
import { ActionForm } from '../_lib/action-form';
import { FlashMessage } from '../_lib/flash-message';
import { EmptyState } from '../_components/data-table';
import { SubmitRow } from '../_components/form-fields';
import { statusText } from '../_components/labels';
import { deleteTemplateAction, saveTemplateAction } from './actions';
import './templates.css';

export const metadata: Metadata = { title: 'Templates' };

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

const CELL = { own: 'Own text', all: 'From all carriers', default: 'Default' } as const;

/** One scope in every language: its region's own language first, the others below it. */
function ScopeCell({ langs }: { langs: TemplateScopeView[] }) {
  return (
    <td>
      <ul className="template-langs">
        {langs.map((s) => {
          const where = s.region ? `${s.region.carrier} ${s.region.product}` : 'all carriers';
          const href = `/admin/templates/notices/${s.kind}/${s.region?.slug ?? ALL_REGIONS}${s.lang === s.regionLang ? '' : `?lang=${s.lang}`}`;
          return (
            <li key={s.lang}>
              <span className="muted">{s.lang}</span>{' '}
              <Link href={href} aria-label={`${s.kind} notice for ${where} in ${LANGUAGE_NAMES[s.lang]}: ${CELL[s.uses]}`} className={s.uses === 'own' ? 'badge' : undefined}>
                {CELL[s.uses]}
              </Link>
            </li>
          );
        })}
      </ul>
    </td>
  );
}

export default async function TemplatesPage() {
  const actor = await requireStaff('viewer');
  const canEdit = hasRole(actor, 'responder');
  const [templates, notices] = await Promise.all([listTemplates(), listNoticeTemplates({ actor })]);
  const scopes = notices[0]?.scopes ?? [];
  return (
    <>
      <h1>Templates</h1>
      <FlashMessage />
      <section className="panel" aria-labelledby="notice-templates">
        <h2 id="notice-templates">Notice templates</h2>
        <p className="muted">
          What each kind of notice says, for every carrier or for one, in each language (a carrier&rsquo;s own language first). A carrier&rsquo;s own text wins over the one for all carriers, which wins over Candor&rsquo;s default; each is read only by readers of its language. Open one to edit, preview it with a real incident, or reset it.
        </p>
        <div className="table-wrap">
          <table className="template-grid">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                {scopes.map(([s]) => (
                  <th scope="col" key={s!.region?.slug ?? ALL_REGIONS}>
                    {s!.region ? `${s!.region.carrier} ${s!.region.product}` : 'All carriers'}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {notices.map((k) => (
                <tr key={k.kind}>
                  <th scope="row">{k.branchesOnData ? `${k.label} *` : k.label}</th>
                  {k.scopes.map((langs) => (
                    <ScopeCell key={langs[0]!.region?.slug ?? ALL_REGIONS} langs={langs} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">* Candor&rsquo;s default for this kind says different things depending on what happened to the reader&rsquo;s data.</p>
      </section>
      <h2>Update templates</h2>
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
