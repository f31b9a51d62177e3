import type { Metadata } from 'next';
import Link from 'next/link';
import { defaultNoticeIncident } from '@/lib/domain/notice-target';
import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { AppError } from '@/lib/server/errors';
import { noticeTargets } from '@/lib/server/notices/notice-targets';
import { previewNotice } from '@/lib/server/notices/preview-notice';
import { NOTICE_KINDS, NOTICE_KIND_LABELS } from '@/lib/mail/templates/notice-defaults';
import { NOTICE_VARIABLES } from '@/lib/mail/templates/variables';
import { ActionForm } from '../../_lib/action-form';
import { IncidentSelect } from '../../_components/form-fields';
import { createNoticeAction } from '../actions';
import { MailPreview } from '../_components/mail-preview';
import '../notices.css';

export const metadata: Metadata = { title: 'Compose a notice' };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export default async function ComposeNoticePage({ searchParams }: { searchParams: Search }) {
  const actor = await requireStaff('responder');
  const q = await searchParams;
  const incidents = await noticeTargets({ actor });
  const incident = defaultNoticeIncident(incidents, one(q.incident) || undefined, new Date());
  const kind = (NOTICE_KINDS.find((k) => k === one(q.kind)) ?? 'update') as NoticeKind;
  const subject = one(q.subject).slice(0, 200);
  const body = one(q.body).slice(0, 20_000);
  let preview: Awaited<ReturnType<typeof previewNotice>> | null = null;
  let problem: string | null = null;
  if (incident) {
    try {
      preview = await previewNotice({ actor, incidentId: incident, kind, subject, body });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problem = error.message;
    }
  }
  const audienceText = preview ? `${preview.audience.toLocaleString('en-US')} subscriber${preview.audience === 1 ? '' : 's'}` : '';
  return (
    <>
      <div className="page-head">
        <h1>Compose a notice</h1>
        <Link href="/admin/notices">All notices</Link>
      </div>
      {incidents.length === 0 ? (
        <p className="panel">There are no incidents yet. Notices are always about an incident.</p>
      ) : (
        <div className="stack">
          <form method="get" className="panel stack" aria-label="Notice content">
            <div className="row">
              <IncidentSelect label="Incident" incidents={incidents} defaultValue={incident} />
              <label>
                Kind (template)
                <select name="kind" defaultValue={kind}>
                  {NOTICE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {NOTICE_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <label>
              Subject (optional; empty uses the template)
              <input name="subject" defaultValue={subject} maxLength={200} />
            </label>
            <label>
              Body (optional; empty uses the template; blank lines separate paragraphs, &ldquo;- &rdquo; starts a list item)
              <textarea name="body" defaultValue={body} rows={6} maxLength={20_000} />
            </label>
            <p className="muted">
              Variables: {NOTICE_VARIABLES.map((v) => `{{${v}}}`).join(' ')}
            </p>
            <div className="row">
              <button type="submit" className="button">
                Preview and count
              </button>
            </div>
          </form>
          {problem ? <p className="flash flash-error">{problem}</p> : null}
          {preview ? (
            <section aria-labelledby="audience-title" className="stack">
              <h2 id="audience-title">
                Audience: <span data-testid="audience-count">{preview.audience.toLocaleString('en-US')}</span> subscriber{preview.audience === 1 ? '' : 's'}
              </h2>
              {preview.unknownVariables.length > 0 ? <p className="flash flash-error">Unknown variables stay as typed: {preview.unknownVariables.map((v) => `{{${v}}}`).join(', ')}</p> : null}
              {preview.regions.length === 0 ? <p className="panel">This incident has no impact on any region yet, so the notice would reach nobody.</p> : null}
              <div className="previews">
                {preview.regions.map((r) => (
                  <MailPreview key={r.regionSlug} title={`${r.product} on ${r.carrier}`} meta={`${r.regionName} · ${r.audience.toLocaleString('en-US')} subscribers · times in ${r.timeZone} · ${r.source.label}`} subject={r.subject} html={r.html} text={r.text} channels={r.channels} sms={r.sms} />
                ))}
              </div>
              <ActionForm action={createNoticeAction} className="panel stack" aria-label="Queue the notice">
                <input type="hidden" name="incident" value={incident} />
                <input type="hidden" name="kind" value={kind} />
                <input type="hidden" name="subject" value={subject} />
                <input type="hidden" name="body" value={body} />
                <p>
                  {kind === 'data_loss'
                    ? `A data-loss notice is held until a second staff member approves it; then it goes to its audience (${preview.audience.toLocaleString('en-US')} subscribers now).`
                    : `Sends to ${preview.audience.toLocaleString('en-US')} subscribers as soon as you queue it.`}
                </p>
                {/* The confirmation is the button's value, checked on the server against the current count: no JavaScript needed, and a stale count is refused. */}
                <details className="confirm-step">
                  <summary className="button">{kind === 'data_loss' ? 'Save for approval…' : 'Queue and send…'}</summary>
                  <p>
                    <strong>{kind === 'data_loss' ? 'Save for approval, to go to' : 'Send to'} {audienceText}?</strong>
                  </p>
                  <div className="row">
                    <button type="submit" name="confirmed_audience" value={preview.audience} className="button primary">
                      Yes, {kind === 'data_loss' ? 'save for approval' : 'send'} to {audienceText}
                    </button>
                  </div>
                </details>
              </ActionForm>
            </section>
          ) : null}
        </div>
      )}
    </>
  );
}
