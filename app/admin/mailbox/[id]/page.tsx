import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { readMailboxMessageFor } from '@/lib/server/mailbox/read-mailbox-message';
import '../../notices/notices.css';

export const metadata: Metadata = { title: 'Message' };

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaff('responder');
  const { id } = await params;
  const m = await readMailboxMessageFor({ actor, id });
  if (!m) notFound();
  return (
    <>
      <div className="page-head">
        <h1>{m.subject}</h1>
        <Link href="/admin/mailbox">Mailbox</Link>
      </div>
      <p className="muted">
        To {m.to}, from {m.from}, {m.receivedAt.toISOString().slice(0, 19).replace('T', ' ')} UTC, {(m.size / 1024).toFixed(1)} kB
      </p>
      {m.audience === 'staff' ? (
        <p className="panel" role="note">
          Mail to a staff member: shown to admins only, with links and codes redacted. Its HTML part is not kept.
        </p>
      ) : null}
      {m.html ? (
        <section className="mail-preview" aria-label="HTML part">
          <iframe title="HTML part of the message" srcDoc={m.html} sandbox="" referrerPolicy="no-referrer" />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="text-title">
        <h2 id="text-title">Plain-text part</h2>
        <pre className="mail-text" data-testid="mail-text">
          {m.text}
        </pre>
      </section>
      <section className="panel" aria-labelledby="headers-title">
        <h2 id="headers-title">Headers</h2>
        <div className="table-wrap">
          <table className="mail-headers">
            <tbody>
              {m.headers.map((h, i) => (
                <tr key={i}>
                  <th scope="row">{h.name}</th>
                  <td>{h.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
