import type { Metadata } from 'next';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { SMS_OUTBOX_LIMIT } from '@/lib/channels/sms/outbox';
import { MAX_NOTICE_SEGMENTS } from '@/lib/channels/sms/encoding';
import { listSmsOutboxFor } from '@/lib/server/sms-outbox/list-sms-outbox';
import { DataTable, EmptyState } from '../_components/data-table';
import { Notice } from '../_components/notice';
import { Pager } from '../_components/pager';
import { pageOf, type SearchParams } from '../_lib/search-params';

export const metadata: Metadata = { title: 'SMS outbox' };

export default async function SmsOutboxPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireStaff('responder');
  const { page, error: pageError } = pageOf(await searchParams);
  const box = await listSmsOutboxFor({ actor, page });
  return (
    <>
      <div className="page-head">
        <h1>SMS outbox</h1>
      </div>
      <p className="muted">
        {box.usingLocalOutbox
          ? `SMS_URL is not set, so Candor keeps every text message here instead of sending it. The newest ${SMS_OUTBOX_LIMIT} are kept. Set SMS_URL to an SMSC or SMPP gateway to send for real.`
          : 'Text messages go out through SMS_URL. Messages kept here came from the local outbox before SMS_URL was set.'}
      </p>
      {pageError ? <Notice kind="error">{pageError}</Notice> : null}
      <DataTable
        label="Text messages in the outbox"
        columns={['Sent', 'To', 'From', 'Text', 'Segments', 'Encoding']}
        rows={box.messages}
        empty={<EmptyState>No text messages yet.</EmptyState>}
        row={(m) => (
          <tr key={m.id}>
            <td>{m.at.toISOString().slice(0, 19).replace('T', ' ')} UTC</td>
            <td>{m.to}</td>
            <td>{m.from ?? <span className="muted">SMSC default</span>}</td>
            <td className="sms-text">{m.text}</td>
            <td>
              {m.segments}
              {m.segments > MAX_NOTICE_SEGMENTS ? <span className="muted"> (over {MAX_NOTICE_SEGMENTS})</span> : null}
            </td>
            <td>{m.encoding}</td>
          </tr>
        )}
      />
      <Pager page={page} pages={box.pages} href={(p) => `/admin/sms-outbox?page=${p}`} />
    </>
  );
}
