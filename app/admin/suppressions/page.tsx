import type { Metadata } from 'next';
import Link from 'next/link';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { listSuppressions } from '@/lib/server/suppressions/list-suppressions';
import { ActionForm } from '../_lib/action-form';
import { FlashMessage } from '../_lib/flash-message';
import { firstParam, pageOf, type SearchParams } from '../_lib/search-params';
import { Notice } from '../_components/notice';
import { DataTable, EmptyState } from '../_components/data-table';
import { SubmitRow } from '../_components/form-fields';
import { When } from '../_components/labels';
import { Pager } from '../_components/pager';
import { addSuppressionAction, removeSuppressionAction } from './actions';

export const metadata: Metadata = { title: 'Suppression list' };

export default async function SuppressionsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireStaff('viewer');
  const raw = await searchParams;
  const query = (firstParam(raw.q) ?? '').trim().slice(0, 254);
  const { page, error: pageError } = pageOf(raw);
  const list = await listSuppressions({ actor, input: { query, page } });
  const pages = Math.max(1, Math.ceil(list.total / list.perPage));
  const href = (extra: Record<string, string>) => `/admin/suppressions?${new URLSearchParams({ ...(query ? { q: query } : {}), ...extra })}`;
  const canAdd = hasRole(actor, 'responder');
  const canRemove = hasRole(actor, 'admin');
  // Removing is two steps without JavaScript: the row's link opens this panel, the panel's button removes.
  const removing = canRemove ? (firstParam(raw.remove) ?? '').trim().toLowerCase().slice(0, 254) : '';
  return (
    <>
      <div className="page-head">
        <h1>Suppression list</h1>
      </div>
      <FlashMessage />
      {pageError ? <Notice kind="error">{pageError}</Notice> : null}
      <p className="muted">Candor sends nothing to these addresses: no notices, confirmations, manage links or password resets. A mailbox that does not exist (a 5xx hard bounce) is added here by the worker.</p>
      {removing ? (
        <section className="panel" aria-labelledby="remove-title">
          <h2 id="remove-title">Remove {removing}?</h2>
          <p>Candor will mail this address again. If the mailbox still does not exist, the next message bounces and it comes back on the list.</p>
          <ActionForm action={removeSuppressionAction} className="row" aria-label={`Remove ${removing} from the suppression list`}>
            <input type="hidden" name="email" value={removing} />
            <button type="submit" className="primary">
              Remove from the list
            </button>
            <Link href={href(page > 1 ? { page: String(page) } : {})}>Cancel</Link>
          </ActionForm>
        </section>
      ) : null}
      <form method="get" className="row" role="search" aria-label="Find suppressed addresses">
        <label>
          Address contains
          <input name="q" defaultValue={query} maxLength={254} />
        </label>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <p className="muted">
        {list.total.toLocaleString('en-US')} address{list.total === 1 ? '' : 'es'}
        {query ? ' match' : ' suppressed'}.
      </p>
      <DataTable
        columns={['Address', 'Reason', 'Added', canRemove && 'Remove']}
        rows={list.suppressions}
        empty={<EmptyState>{query ? 'No suppressed address matches.' : 'No address is suppressed.'}</EmptyState>}
        row={(s) => (
          <tr key={s.email}>
            <td>{s.email}</td>
            <td>{s.reason}</td>
            <td>
              <When at={s.createdAt} />
            </td>
            {canRemove ? (
              <td>
                <Link href={href({ ...(page > 1 ? { page: String(page) } : {}), remove: s.email })} aria-label={`Remove ${s.email}`}>
                  Remove
                </Link>
              </td>
            ) : null}
          </tr>
        )}
      />
      <Pager page={list.page} pages={pages} href={(p) => href({ page: String(p) })} />
      {canAdd ? (
        <section className="panel" aria-labelledby="add-title">
          <h2 id="add-title">Suppress an address</h2>
          <ActionForm action={addSuppressionAction} className="stack">
            <div className="row">
              <label>
                E-mail
                <input type="email" name="email" required maxLength={254} />
              </label>
              <label>
                Reason
                <input name="reason" required maxLength={500} placeholder="asked by phone to stop all mail" />
              </label>
            </div>
            <SubmitRow>Add to the list</SubmitRow>
          </ActionForm>
        </section>
      ) : null}
    </>
  );
}
