import type { Metadata } from 'next';
import Link from 'next/link';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { listIncidents } from '@/lib/server/incidents/list-incidents';
import { listPendingApprovals } from '@/lib/server/incidents/list-pending-approvals';
import { DataTable, EmptyState } from '../_components/data-table';
import { ImpactBadge, StatusBadge, When } from '../_components/labels';
import { Notice } from '../_components/notice';
import { Pager } from '../_components/pager';
import { FlashMessage } from '../_lib/flash-message';
import { firstParam, pageOf, type SearchParams } from '../_lib/search-params';
import { isClosedStatus } from '@/lib/domain/incident-lifecycle';
import { currentPromise } from '@/lib/domain/update-text';
import { NextUpdateNote } from './_components/next-update';

export const metadata: Metadata = { title: 'Incidents' };


export default async function IncidentsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireStaff('viewer');
  const params = await searchParams;
  const state = (['open', 'closed', 'all'] as const).find((s) => s === firstParam(params.state)) ?? 'open';
  const { page, error: pageError } = pageOf(params);
  const [list, pending] = await Promise.all([listIncidents({ state, kind: 'incident', page, limit: 25 }), listPendingApprovals()]);
  const canEdit = hasRole(actor, 'responder');
  const pages = Math.max(1, Math.ceil(list.total / list.limit));
  const now = new Date();
  return (
    <>
      <div className="page-head">
        <h1>Incidents</h1>
        {canEdit ? (
          <Link className="button primary" href="/admin/incidents/new">
            Declare an incident
          </Link>
        ) : null}
      </div>
      <FlashMessage />
      {pageError ? <Notice kind="error">{pageError}</Notice> : null}
      {pending.length > 0 ? (
        <section className="panel" aria-labelledby="pending-title">
          <h2 id="pending-title">Waiting for approval ({pending.length})</h2>
          <p className="muted">These updates declare data likely lost. A second staff member must approve each before it is published or mailed.</p>
          <ul>
            {pending.map((u) => (
              <li key={u.id}>
                <Link href={`/admin/incidents/${u.incident.id}#update-${u.id}`}>{u.incident.title}</Link> by {u.authorName}, <When at={u.createdAt} />:{' '}
                {u.impactChanges
                  .filter((c) => c.dataState === 'lost')
                  .map((c) => `${c.component.name} (${c.region.carrier} ${c.region.product})`)
                  .join(', ')}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <nav aria-label="Filter incidents" className="row" style={{ marginBottom: '0.75rem' }}>
        {(['open', 'closed', 'all'] as const).map((s) => (
          <Link key={s} href={`/admin/incidents?state=${s}`} aria-current={s === state ? 'page' : undefined} className={s === state ? 'button primary' : 'button'}>
            {s === 'open' ? 'Open' : s === 'closed' ? 'Resolved' : 'All'}
          </Link>
        ))}
      </nav>
      <DataTable
        columns={['Incident', 'Status', 'Impact', 'Started', 'Waiting']}
        rows={list.incidents}
        empty={<EmptyState>{state === 'open' ? 'No open incidents. All quiet.' : 'No incidents here.'}</EmptyState>}
        row={(i) => (
          <tr key={i.id}>
            <td>
              <Link href={`/admin/incidents/${i.id}`}>{i.title}</Link>
              <div className="muted">{i.kind.replace('_', ' ')}</div>
            </td>
            <td>
              <StatusBadge status={i.status} />
            </td>
            <td>
              <ImpactBadge impact={i.impact} />
            </td>
            <td>
              <When at={i.startedAt} />
            </td>
            <td>
              {i._count.updates > 0 ? <span className="badge badge-pending">{i._count.updates} to approve</span> : null} <NextUpdateNote at={currentPromise(i.updates, isClosedStatus(i.status))} now={now} compact />
            </td>
          </tr>
        )}
      />
      <Pager page={page} pages={pages} href={(p) => `/admin/incidents?state=${state}&page=${p}`} />
    </>
  );
}
