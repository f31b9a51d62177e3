import type { Metadata } from 'next';
import Link from 'next/link';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { auditObjectTypes, listAudit } from '@/lib/server/audit-log/list-audit';
import { AppError } from '@/lib/server/errors';
import { DataTable } from '../_components/data-table';
import { When } from '../_components/labels';
import { Notice } from '../_components/notice';
import { Pager } from '../_components/pager';
import type { SearchParams } from '../_lib/search-params';

export const metadata: Metadata = { title: 'Audit log' };

const KEYS = ['actor', 'objectType', 'objectId', 'action', 'from', 'to', 'page'] as const;

function pretty(json: string | null): string {
  if (!json) return '';
  try {
    return JSON.stringify(JSON.parse(json), null, 1);
  } catch {
    return json;
  }
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireStaff('viewer');
  const raw = await searchParams;
  const params = Object.fromEntries(KEYS.map((k) => [k, typeof raw[k] === 'string' ? (raw[k] as string).slice(0, 254) : '']));
  let error: string | null = null;
  let result: Awaited<ReturnType<typeof listAudit>> | null = null;
  try {
    result = await listAudit(params);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    error = e.message;
  }
  const types = await auditObjectTypes();
  const pages = result ? Math.max(1, Math.ceil(result.total / result.limit)) : 1;
  const link = (page: number) => `/admin/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter(([, v]) => v)), page: String(page) }).toString()}`;
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Every staff action, written in the same transaction as the change. Entries cannot be edited or deleted.</p>
      <form method="get" className="panel row" aria-label="Filter the audit log">
        <label>
          Person (name, e-mail or id)
          <input name="actor" defaultValue={params.actor} maxLength={254} />
        </label>
        <label>
          Object type
          <select name="objectType" defaultValue={params.objectType}>
            <option value="">Any</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Object id
          <input name="objectId" defaultValue={params.objectId} maxLength={64} />
        </label>
        <label>
          Action starts with
          <input name="action" defaultValue={params.action} maxLength={80} placeholder="incident" />
        </label>
        <label>
          From
          <input name="from" type="date" defaultValue={params.from} />
        </label>
        <label>
          To
          <input name="to" type="date" defaultValue={params.to} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {result ? (
        <>
          <p className="muted">
            {result.total.toLocaleString('en-US')} entr{result.total === 1 ? 'y' : 'ies'}
          </p>
          <DataTable
            columns={['When', 'Who', 'What', 'Object', 'Before', 'After']}
            rows={result.entries}
            row={(e) => (
              <tr key={e.id}>
                <td>
                  <When at={e.at} />
                </td>
                <td>
                  {e.actorLabel}
                  <div className="muted">
                    {e.actorType}
                    {e.ip ? ` · ${e.ip}` : ''}
                  </div>
                </td>
                <td>{e.action}</td>
                <td>
                  {e.objectType}
                  {e.objectId ? (
                    <div className="muted">
                      <Link href={`/admin/audit?objectType=${encodeURIComponent(e.objectType)}&objectId=${encodeURIComponent(e.objectId)}`}>{e.objectId}</Link>
                    </div>
                  ) : null}
                </td>
                <td>{e.before ? <pre className="audit-json" tabIndex={0}>{pretty(e.before)}</pre> : null}</td>
                <td>{e.after ? <pre className="audit-json" tabIndex={0}>{pretty(e.after)}</pre> : null}</td>
              </tr>
            )}
          />
          <Pager page={result.page} pages={pages} href={link} />
        </>
      ) : null}
    </>
  );
}
