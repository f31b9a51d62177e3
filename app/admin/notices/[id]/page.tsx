import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { AppError } from '@/lib/server/errors';
import { getNotice, type NoticeSummary } from '@/lib/server/notices/get-notice';
import { noticeRenderings } from '@/lib/server/notices/notice-targets';
import { listNoticeRefusals } from '@/lib/server/notices/list-refusals';
import { previewNotice, type RegionPreview } from '@/lib/server/notices/preview-notice';
import { personalise } from '@/lib/mail/templates/variables';
import { DEFAULT_LANG, formatLocale, LANGUAGE_NAMES, parseLang } from '@/lib/i18n/languages';
import { NOTICE_KIND_LABELS } from '@/lib/mail/templates/notice-defaults';
import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { ActionForm } from '../../_lib/action-form';
import { FlashMessage } from '../../_lib/flash-message';
import { noticeStateAction } from '../actions';
import { MailPreview } from '../_components/mail-preview';
import { NoticeProgress } from '../_components/progress';
import { Refusals } from './refusals';
import '../notices.css';

export const metadata: Metadata = { title: 'Notice' };

export default async function NoticePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaff('viewer');
  const { id } = await params;
  let n: NoticeSummary;
  try {
    n = await getNotice({ actor, id });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  const renderings = await noticeRenderings({ actor, id });
  const refusals = await listNoticeRefusals({ actor, id });
  const previews =
    renderings.length > 0
      ? renderings.map((r) => {
          const lang = parseLang(r.lang) ?? DEFAULT_LANG;
          const p = { timeZone: r.region.timeZone, locale: formatLocale(lang, r.region.locale), manageUrl: '#manage', unsubscribeUrl: '#unsubscribe' };
          return { key: `${r.region.slug}:${r.lang}`, title: `${r.region.product} on ${r.region.carrier}`, meta: `${r.region.name} · ${LANGUAGE_NAMES[lang]} · times in ${r.region.timeZone}`, subject: personalise(r.subject, p, false), html: personalise(r.html, p, true), text: personalise(r.text, p, false), channels: [] as RegionPreview['channels'], sms: null as RegionPreview['sms'] };
        })
      : (await previewNotice({ actor, incidentId: n.incident.id, kind: n.kind as NoticeKind, subject: n.subject })).regions.map((r) => ({ key: r.regionSlug, title: `${r.product} on ${r.carrier}`, meta: `${r.regionName} · ${r.audience} subscribers · preview`, subject: r.subject, html: r.html, text: r.text, channels: r.channels, sms: r.sms }));
  const canAct = hasRole(actor, 'responder');
  const canApprove = canAct && n.status === 'pending_approval' && n.createdById !== actor.userId;
  return (
    <>
      <div className="page-head">
        <h1>
          {NOTICE_KIND_LABELS[n.kind as NoticeKind]} notice: {n.incident.title}
        </h1>
        <Link href="/admin/notices">All notices</Link>
      </div>
      <FlashMessage />
      <section className="panel stack" aria-labelledby="progress-title">
        <h2 id="progress-title">Delivery</h2>
        <NoticeProgress key={n.status} id={n.id} initial={n} />
        <p className="muted">
          Created {n.createdAt.slice(0, 16).replace('T', ' ')} UTC{n.createdBy ? ` by ${n.createdBy}` : ''}
          {n.approvedBy ? `; approved by ${n.approvedBy}` : ''}
          {n.completedAt ? `; finished ${n.completedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}.
        </p>
        {n.status === 'pending_approval' ? (
          <p className="flash flash-error">
            This notice tells customers their data was lost. It waits until a second staff member approves it{n.createdById === actor.userId ? '; you created it, so someone else must.' : '.'}
          </p>
        ) : null}
        {canAct ? (
          <ActionForm action={noticeStateAction} className="row" aria-label="Control the notice">
            <input type="hidden" name="id" value={n.id} />
            {canApprove ? (
              <button type="submit" name="intent" value="approve" className="button primary">
                Approve and send
              </button>
            ) : null}
            {n.status === 'sending' ? (
              <button type="submit" name="intent" value="pause" className="button">
                Pause
              </button>
            ) : null}
            {n.status === 'paused' ? (
              <button type="submit" name="intent" value="resume" className="button primary">
                Resume
              </button>
            ) : null}
            {['pending_approval', 'queued', 'sending', 'paused', 'draft'].includes(n.status) ? (
              <button type="submit" name="intent" value="cancel" className="button">
                Cancel the notice
              </button>
            ) : null}
          </ActionForm>
        ) : null}
      </section>
      <Refusals id={n.id} refusals={refusals} canAct={canAct} />
      <section aria-labelledby="preview-title" className="stack">
        <h2 id="preview-title">{renderings.length > 0 ? 'What each region received' : 'What each region will receive'}</h2>
        <div className="previews">
          {previews.map((p) => (
            <MailPreview key={p.key} title={p.title} meta={p.meta} subject={p.subject} html={p.html} text={p.text} channels={p.channels} sms={p.sms} />
          ))}
        </div>
      </section>
    </>
  );
}
