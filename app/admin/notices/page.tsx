import type { Metadata } from 'next';
import Link from 'next/link';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { getNotice, listNotices } from '@/lib/server/notices/get-notice';
import { NOTICE_KIND_LABELS } from '@/lib/mail/templates/notice-defaults';
import { FlashMessage } from '../_lib/flash-message';
import './notices.css';

export const metadata: Metadata = { title: 'Notices' };

export default async function NoticesPage() {
  const actor = await requireStaff('viewer');
  const notices = await listNotices({ actor, take: 100 });
  const progress = await Promise.all(notices.slice(0, 30).map((n) => getNotice({ actor, id: n.id })));
  const byId = new Map(progress.map((p) => [p.id, p]));
  return (
    <>
      <div className="page-head">
        <h1>Notices</h1>
        {hasRole(actor, 'responder') ? (
          <Link className="button primary" href="/admin/notices/new">
            Compose a notice
          </Link>
        ) : null}
      </div>
      <FlashMessage />
      <p className="muted">Notices to subscribers about an incident, by e-mail, text message, webhook and chat, in each carrier&apos;s voice. Updates posted with &ldquo;notify subscribers&rdquo; send an update notice by themselves.</p>
      {notices.length === 0 ? (
        <p className="panel">No notices yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Notice</th>
                <th scope="col">Incident</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {notices.map((n) => {
                const p = byId.get(n.id);
                const total = Math.max(1, p?.audience ?? n.audienceCount);
                return (
                  <tr key={n.id}>
                    <td>
                      <Link href={`/admin/notices/${n.id}`}>{NOTICE_KIND_LABELS[n.kind]}</Link>
                      {n.subject ? <div className="muted">{n.subject}</div> : null}
                    </td>
                    <td>{n.incident.title}</td>
                    <td>
                      <span className={`badge ${n.status === 'pending_approval' ? 'badge-pending' : n.status === 'sent' ? 'badge-ok' : ''}`}>{n.status.replace('_', ' ')}</span>
                    </td>
                    <td>
                      {p ? (
                        <>
                          <span className="mini-bar" aria-hidden="true">
                            <span className="progress-sent" style={{ width: `${(p.sent / total) * 100}%` }} />
                            <span className="progress-failed" style={{ width: `${((p.failed + p.suppressed) / total) * 100}%` }} />
                          </span>
                          {p.sent.toLocaleString('en-US')} of {p.audience.toLocaleString('en-US')} sent{p.failed > 0 ? `, ${p.failed} failed` : ''}
                        </>
                      ) : (
                        `${n.audienceCount.toLocaleString('en-US')} addressees`
                      )}
                    </td>
                    <td>
                      {n.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC{n.createdBy ? ` by ${n.createdBy.name}` : ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
