import type { Metadata } from 'next';
import Link from 'next/link';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { MAILBOX_LIMIT } from '@/lib/mail/mailbox';
import { hasRole } from '@/lib/server/actor';
import { listMailboxFor } from '@/lib/server/mailbox/list-mailbox';
import { usingLocalSink } from '@/lib/mail/transport';

export const metadata: Metadata = { title: 'Mailbox' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function MailboxPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireStaff('responder');
  const q = await searchParams;
  const page = Math.max(1, Math.min(100, Number(Array.isArray(q.page) ? q.page[0] : q.page) || 1));
  const box = await listMailboxFor({ actor, page });
  const pages = box.pages;
  return (
    <>
      <div className="page-head">
        <h1>Mailbox</h1>
      </div>
      <p className="muted">
        {usingLocalSink()
          ? `SMTP_URL is not set, so Candor delivers every e-mail to a local mail sink on this machine. The newest ${MAILBOX_LIMIT} are kept here. Set SMTP_URL to send for real.`
          : `Mail goes out through SMTP_URL. Messages kept here came from the local sink before SMTP_URL was set.`}{' '}
        {hasRole(actor, 'admin')
          ? 'Mail to staff (password resets) is listed for admins only, with its links redacted: nobody can use a reset link from here. Without SMTP_URL, give a colleague who forgot theirs a one-time password from Users instead.'
          : 'Only mail to subscribers is listed here; mail to staff is private.'}
      </p>
      {box.messages.length === 0 ? (
        <p className="panel">No messages yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">For</th>
              </tr>
            </thead>
            <tbody>
              {box.messages.map((m) => (
                <tr key={m.id}>
                  <td>{m.receivedAt.toISOString().slice(0, 19).replace('T', ' ')} UTC</td>
                  <td>{m.to}</td>
                  <td>
                    <Link href={`/admin/mailbox/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td>{m.audience === 'staff' ? 'staff (redacted)' : 'subscriber'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav className="pager" aria-label="Pages">
          {page > 1 ? <Link href={`/admin/mailbox?page=${page - 1}`}>Newer</Link> : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={`/admin/mailbox?page=${page + 1}`}>Older</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
