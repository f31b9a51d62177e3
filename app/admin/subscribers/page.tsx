import type { Metadata } from 'next';
import Link from 'next/link';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { listSubscribers, type SubscriberRow } from '@/lib/server/subscribers/list-subscribers';
import { pageOf } from '../_lib/search-params';
import { Notice } from '../_components/notice';
import { deleteSubscriberAction } from './actions';
import { ImportForm } from './import-form';
import { CHANNEL_LABELS, type Channel } from '@/lib/channels/types';
import { LANGUAGE_NAMES, parseLang } from '@/lib/i18n/languages';

/** A subscriber's language as staff read it: "Deutsch (de-DE)", or each carrier's own for ''. */
const languageLabel = (locale: string) => {
  const lang = parseLang(locale);
  return lang ? `${LANGUAGE_NAMES[lang]} (${locale})` : 'each carrier’s';
};

/** The host only: an incoming-webhook URL's path is a credential of its own. */
const endpointHost = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

export const metadata: Metadata = { title: 'Subscribers' };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const STATES = ['confirmed', 'unconfirmed', 'paused', 'unsubscribed'] as const;

export default async function SubscribersPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireStaff('viewer');
  const q = await searchParams;
  const query = one(q.q).slice(0, 100);
  const state = STATES.find((s) => s === one(q.state)) as SubscriberRow['state'] | undefined;
  const { page, error: pageError } = pageOf(q);
  const list = await listSubscribers({ actor, input: { query, state, page, perPage: 50 } });
  const pages = Math.max(1, Math.ceil(list.total / list.perPage));
  const link = (p: number) => `/admin/subscribers?${new URLSearchParams({ ...(query ? { q: query } : {}), ...(state ? { state } : {}), page: String(p) })}`;
  const canEdit = hasRole(actor, 'responder');
  return (
    <>
      <div className="page-head">
        <h1>Subscribers</h1>
      </div>
      {pageError ? <Notice kind="error">{pageError}</Notice> : null}
      <form method="get" className="row" role="search" aria-label="Find subscribers">
        <label>
          Address or phone number contains
          <input name="q" defaultValue={query} maxLength={100} />
        </label>
        <label>
          State
          <select name="state" defaultValue={state ?? ''}>
            <option value="">any</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <p className="muted">
        {list.total.toLocaleString('en-US')} subscriber{list.total === 1 ? '' : 's'}
        {query || state ? ' match' : ''}.
      </p>
      {list.subscribers.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Channel</th>
                <th scope="col">State</th>
                <th scope="col">Regions</th>
                <th scope="col">Services</th>
                <th scope="col">Time zone</th>
                <th scope="col">Language</th>
                <th scope="col">Source</th>
                {canEdit ? <th scope="col">Remove</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.subscribers.map((s) => (
                <tr key={s.id}>
                  <td>{s.email}</td>
                  <td>
                    {CHANNEL_LABELS[s.channel as Channel] ?? s.channel}
                    {s.endpoint ? <span className="muted"> · {endpointHost(s.endpoint)}</span> : null}
                    {s.phoneNumber ? <span className="muted"> · {s.phoneNumber}</span> : null}
                  </td>
                  <td>
                    <span className={`badge ${s.state === 'confirmed' && !s.disabledAt ? 'badge-ok' : ''}`}>{s.disabledAt ? 'switched off' : s.state}</span>
                  </td>
                  <td>{s.regions === 'all' ? 'all' : s.regions.join(', ')}</td>
                  <td>{s.components === 'all' ? 'all' : s.components.join(', ')}</td>
                  <td>{s.timeZone}</td>
                  <td>{languageLabel(s.locale)}</td>
                  <td>{s.source}</td>
                  {canEdit ? (
                    <td>
                      <form action={deleteSubscriberAction}>
                        <input type="hidden" name="id" value={s.id} />
                        <button type="submit" className="link-button" aria-label={`Remove ${s.email}`}>
                          Remove
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {pages > 1 ? (
        <nav className="pager" aria-label="Pages">
          {page > 1 ? <Link href={link(page - 1)}>Previous</Link> : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={link(page + 1)}>Next</Link> : null}
        </nav>
      ) : null}
      {canEdit ? <ImportForm /> : null}
    </>
  );
}
