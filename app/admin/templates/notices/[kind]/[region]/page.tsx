import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DATA_STATE_LABEL } from '@/lib/domain/data-state';
import { NOTICE_KIND_LABELS } from '@/lib/mail/templates/notice-defaults';
import { NOTICE_VARIABLES } from '@/lib/mail/templates/variables';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { AppError } from '@/lib/server/errors';
import { getNoticeTemplate } from '@/lib/server/notice-templates/list-notice-templates';
import { previewNoticeTemplate } from '@/lib/server/notice-templates/preview-notice-template';
import { ALL_REGIONS, resolveScope, type TemplateScope } from '@/lib/server/notice-templates/schemas';
import { noticeTargets } from '@/lib/server/notices/notice-targets';
import { listRegions } from '@/lib/server/regions/list-regions';
import { LANGUAGE_NAMES, LANGUAGES, type Lang } from '@/lib/i18n/languages';
import { ActionForm } from '../../../../_lib/action-form';
import { FlashMessage } from '../../../../_lib/flash-message';
import { IncidentSelect } from '../../../../_components/form-fields';
import { When } from '../../../../_components/labels';
import { MailPreview } from '../../../../notices/_components/mail-preview';
import { resetNoticeTemplateAction, saveNoticeTemplateAction } from '../../actions';
import '../../../../notices/notices.css';
import '../../../templates.css';

export const metadata: Metadata = { title: 'Notice template' };

type Params = Promise<{ kind: string; region: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

async function scopeOf(kind: string, region: string, lang: string | undefined): Promise<TemplateScope> {
  try {
    return await resolveScope(kind, region, lang);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    // An unknown ?lang= is a typed or stale link: the scope's own language, as every public page does.
    if (error instanceof AppError && error.code === 'validation') return resolveScope(kind, region);
    throw error;
  }
}

const USES = { own: 'its own template', all: 'the template for all carriers', default: "Candor's default" } as const;

export default async function NoticeTemplatePage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const actor = await requireStaff('viewer');
  const canEdit = hasRole(actor, 'responder');
  const p = await params;
  const q = await searchParams;
  const scope = await scopeOf(p.kind, p.region, one(q.lang));
  const [{ template, defaults }, incidents, regions] = await Promise.all([getNoticeTemplate({ actor, scope }), noticeTargets({ actor }), listRegions()]);
  // Preview with the incident a notice of this kind is most likely about: open, and maintenance only for maintenance notices.
  const likely = incidents.find((i) => (i.kind === 'maintenance') === (scope.kind === 'maintenance') && !['resolved', 'postmortem', 'completed'].includes(i.status));
  const incident = one(q.incident) || likely?.id || incidents[0]?.id || '';
  const draft = one(q.subject) !== undefined || one(q.body) !== undefined ? { subject: one(q.subject) ?? '', body: one(q.body) ?? '' } : null;
  const previewRegion = scope.regionSlug ? '' : (one(q.preview_region) ?? '');
  const where = `${template.region ? `${template.region.carrier} ${template.region.product} (${template.region.slug})` : 'all carriers'} in ${LANGUAGE_NAMES[scope.lang]}`;
  const path = `/admin/templates/notices/${scope.kind}/${scope.regionSlug ?? ALL_REGIONS}`;
  const langLink = (lang: Lang) => `${path}?lang=${lang}${incident ? `&incident=${encodeURIComponent(incident)}` : ''}`;

  let preview: Awaited<ReturnType<typeof previewNoticeTemplate>> | null = null;
  let problem: string | null = null;
  if (incident) {
    try {
      preview = await previewNoticeTemplate({ actor, scope, input: { incident, ...(previewRegion ? { region: previewRegion } : {}), ...(draft ?? {}) } });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problem = error.message;
    }
  }
  const shown = draft ?? template.stored ?? { subject: '', body: '' };
  const empty = template.stored ? undefined : `Empty: ${USES[template.uses]}${template.uses === 'default' ? ' (below)' : ''}`;
  return (
    <>
      <div className="page-head">
        <h1>
          {NOTICE_KIND_LABELS[scope.kind]} notice · {where}
        </h1>
        <Link href="/admin/templates">All templates</Link>
      </div>
      <FlashMessage />
      <nav aria-label="Language of the template">
        <p className="lang-picker">
          <span className="muted">Language:</span>
          {LANGUAGES.map((l) =>
            l === scope.lang ? (
              <strong key={l} aria-current="page">
                {LANGUAGE_NAMES[l]} ({l})
              </strong>
            ) : (
              <Link key={l} href={langLink(l)}>
                {LANGUAGE_NAMES[l]} ({l})
              </Link>
            ),
          )}
        </p>
        <p className="muted">Each language has its own template; readers get the one in their language (their own, else their carrier&rsquo;s), and Candor&rsquo;s default in it when there is none.</p>
      </nav>
      <p className="muted" data-testid="template-uses">
        Notices of this kind for {where} use {USES[template.uses]}
        {template.stored ? (
          <>
            , saved <When at={template.stored.updatedAt} />
          </>
        ) : null}
        .
      </p>
      <div className="template-edit">
        <div className="stack">
          <form method="get" action={path} className="panel stack" aria-label="Template text">
            <input type="hidden" name="lang" value={scope.lang} />
            <label>
              Subject
              <input name="subject" defaultValue={shown.subject} maxLength={200} placeholder={empty} />
            </label>
            <label>
              Body (blank lines separate paragraphs; &ldquo;- &rdquo; starts a list item)
              <textarea name="body" defaultValue={shown.body} rows={10} maxLength={20_000} placeholder={empty ? `${empty}${template.uses === 'default' && defaults.length > 1 ? ', which depends on the data state' : ''}` : undefined} />
            </label>
            <p className="muted">Placeholders: {NOTICE_VARIABLES.map((v) => `{{${v}}}`).join(' ')}. Every notice also says &ldquo;Your data&rdquo; per service, whatever the template says.</p>
            <div className="row">
              <IncidentSelect label="Preview with incident" incidents={incidents} defaultValue={incident} />
              {scope.regionSlug ? null : (
                <label>
                  Region
                  <select name="preview_region" defaultValue={previewRegion}>
                    <option value="">Every region it reaches</option>
                    {regions.map((r) => (
                      <option key={r.slug} value={r.slug}>
                        {r.carrier} {r.product}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </div>
            <div className="row">
              <button type="submit" className="button">
                Preview
              </button>
            </div>
          </form>
          {canEdit && draft && !problem ? (
            <ActionForm action={saveNoticeTemplateAction} className="panel stack" aria-label="Save the template">
              <input type="hidden" name="kind" value={scope.kind} />
              <input type="hidden" name="region" value={scope.regionSlug ?? ALL_REGIONS} />
              <input type="hidden" name="lang" value={scope.lang} />
              <input type="hidden" name="incident" value={incident} />
              <input type="hidden" name="subject" value={draft.subject} />
              <input type="hidden" name="body" value={draft.body} />
              <p>Save the previewed text as the {NOTICE_KIND_LABELS[scope.kind].toLowerCase()} template for {where}.</p>
              <div className="row">
                <button type="submit" className="primary">
                  Save template
                </button>
              </div>
            </ActionForm>
          ) : null}
          {canEdit && template.stored ? (
            <ActionForm action={resetNoticeTemplateAction} confirm={`Reset the ${NOTICE_KIND_LABELS[scope.kind].toLowerCase()} template for ${where} to the default?`} aria-label="Reset the template">
              <input type="hidden" name="kind" value={scope.kind} />
              <input type="hidden" name="region" value={scope.regionSlug ?? ALL_REGIONS} />
              <input type="hidden" name="lang" value={scope.lang} />
              <input type="hidden" name="incident" value={incident} />
              <button type="submit">Reset to default</button>
            </ActionForm>
          ) : null}
          <section className="panel stack" aria-labelledby="defaults-title">
            <h2 id="defaults-title">{`Candor’s default in ${LANGUAGE_NAMES[scope.lang]}`}</h2>
            {defaults.length > 1 ? <p className="muted">The default says different things depending on what happened to the reader&rsquo;s data (the worst state among the notice&rsquo;s services).</p> : null}
            {defaults.map((d) => (
              <details key={d.dataStates.join()}>
                <summary>{defaults.length > 1 ? `When ${d.dataStates.map((s) => DATA_STATE_LABEL[s]).join(' or ')}` : 'For every data state'}</summary>
                <p>
                  Subject: <strong>{d.copy.subject}</strong>
                </p>
                <pre className="mail-text" lang={scope.lang}>
                  {d.copy.body}
                </pre>
              </details>
            ))}
          </section>
        </div>
        <section aria-labelledby="preview-title" className="stack">
          <h2 id="preview-title">{draft ? 'Preview of your draft' : 'Preview'}</h2>
          {problem ? <p className="flash flash-error">{problem}</p> : null}
          {incidents.length === 0 ? <p className="panel">There are no incidents yet; a preview needs one for its data.</p> : null}
          {preview && preview.regions.length === 0 ? <p className="panel">This incident does not reach {previewRegion || scope.regionSlug || 'any region'} with a {NOTICE_KIND_LABELS[scope.kind].toLowerCase()} notice (a data-loss notice goes only where data is likely lost, a recovery notice only where it is coming back).</p> : null}
          {preview?.regions.map((r) => (
            <div key={r.regionSlug} className="stack">
              <p className="template-source" data-testid={`template-source-${r.regionSlug}`}>
                {r.carrier} {r.product}: uses <strong>{r.source.label}</strong>
              </p>
              <MailPreview title={`${r.product} on ${r.carrier}`} meta={`${r.regionName} · ${r.audience.toLocaleString('en-US')} subscribers · times in ${r.timeZone}`} subject={r.subject} html={r.html} text={r.text} channels={r.channels} sms={r.sms} />
            </div>
          ))}
        </section>
      </div>
    </>
  );
}
