import type { Metadata } from 'next';
import Link from 'next/link';
import { DATA_STATE_LABEL, restoreProgress } from '@/lib/domain/data-state';
import { isClosedStatus, statusesFor } from '@/lib/domain/incident-lifecycle';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { listComponents } from '@/lib/server/components/list-components';
import { AppError } from '@/lib/server/errors';
import { getIncident } from '@/lib/server/incidents/get-incident';
import { listRegions } from '@/lib/server/regions/list-regions';
import { getPageSettings } from '@/lib/server/settings/get-page-settings';
import { defaultZone, zoneChoices } from '../../_lib/zones';
import { DataTable } from '../../_components/data-table';
import { ImpactSelect, NotifyCheckbox, SubmitRow } from '../../_components/form-fields';
import { DataBadge, ImpactBadge, StatusBadge, When, statusText } from '../../_components/labels';
import { ActionForm } from '../../_lib/action-form';
import { FlashMessage } from '../../_lib/flash-message';
import { VersionField } from '../../_lib/version-field';
import { TranslationFields } from '../../_components/translation-fields';
import { approveUpdateAction, editIncidentAction, postmortemAction, postUpdateAction, rejectUpdateAction, resolveIncidentAction } from '../actions';
import { gridAxes, ImpactGrid, type GridCell } from '../_components/impact-grid';
import { RegionPreview } from '../_components/region-preview';
import { RegionBodies, UpdateBody } from '../_components/update-body';
import { UpdateTranslations } from './translations';
import { CarrierTexts, NextUpdateField } from '../_components/carrier-texts';
import { NextUpdateNote } from '../_components/next-update';
import { currentPromise } from '@/lib/domain/update-text';
import { notFound } from 'next/navigation';

export const metadata: Metadata = { title: 'Incident' };

async function load(id: string) {
  try {
    return await getIncident(id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}

/**
 * Which incident a form changes, and the version the agent saw: an edit made since is refused as a
 * conflict. Forms holding it are keyed by the version, so after any change they are rebuilt from what is stored.
 */
function IncidentAtVersion({ incident }: { incident: { id: string; version: number } }) {
  return (
    <>
      <input type="hidden" name="incident_id" value={incident.id} />
      <VersionField version={incident.version} />
    </>
  );
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaff('viewer');
  const { id } = await params;
  const [incident, components, regions, settings] = await Promise.all([load(id), listComponents(), listRegions(), getPageSettings()]);
  const canEdit = hasRole(actor, 'responder');
  const open = !isClosedStatus(incident.status);
  const pending = incident.updates.filter((u) => u.state === 'pending_approval');
  const reopens = (status: typeof incident.status) => !open && !isClosedStatus(status);
  const current = new Map<string, GridCell>(incident.impacts.map((i) => [`${i.componentId}/${i.regionId}`, { status: i.status, dataState: i.dataState, affectedUsers: i.affectedUsers, restoredUsers: i.restoredUsers }]));
  const { gridComponents, gridRegions } = gridAxes(components, regions);
  const statuses = statusesFor(incident.kind).filter((s) => !isClosedStatus(s));
  const latestOpen = statuses.includes(incident.status) ? incident.status : statuses[0];
  const promise = currentPromise(incident.updates.filter((u) => u.state === 'published'), !open);
  return (
    <>
      <div className="page-head">
        <h1>{incident.title}</h1>
        <div className="row">
          {canEdit ? (
            <Link className="button" href={`/admin/notices/new?incident=${encodeURIComponent(incident.id)}`}>
              Send a notice
            </Link>
          ) : null}
          <Link href={incident.kind === 'maintenance' ? '/admin/maintenance' : '/admin/incidents'}>Back to the list</Link>
        </div>
      </div>
      <FlashMessage />
      <p className="row">
        <StatusBadge status={incident.status} /> <ImpactBadge impact={incident.impact} /> <span className="badge">{incident.kind.replace('_', ' ')}</span>
        <span className="muted">
          Started <When at={incident.startedAt} />
          {incident.resolvedAt ? (
            <>
              {' '}
              · resolved <When at={incident.resolvedAt} />
            </>
          ) : null}{' '}
          · version {incident.version}
        </span>
      </p>
      <NextUpdateNote at={promise} now={new Date()} />

      {pending.length > 0 ? (
        <section className="panel" aria-labelledby="approvals-title">
          <h2 id="approvals-title">Waiting for a second staff member</h2>
          {pending.map((u) => {
            const mine = u.authorId === actor.userId;
            return (
              <article key={u.id} id={`update-${u.id}`} className="stack">
                <p>
                  <strong>{u.authorName}</strong> wants to post (<When at={u.createdAt} />): {statusText(u.status)}
                </p>
                <UpdateBody source={u.body} />
                <RegionBodies bodies={u.regionBodies} />
                <ul>
                  {u.impactChanges.map((c) => (
                    <li key={c.id}>
                      {c.component.name}, {c.region.carrier} {c.region.product}: <DataBadge state={c.dataState} /> {c.affectedUsers > 0 ? `${c.affectedUsers.toLocaleString('en-US')} users` : ''}
                    </li>
                  ))}
                </ul>
                {canEdit ? (
                  <div className="row">
                    {mine ? (
                      <p className="muted">You wrote this update, so a different staff member must approve it.</p>
                    ) : (
                      <ActionForm key={u.id} action={approveUpdateAction} className="stack" confirm={reopens(u.status) ? `Approve this update and reopen the incident (back to "${statusText(u.status)}")?` : 'Publish this update declaring data likely lost?'}>
                        <input type="hidden" name="update_id" value={u.id} />
                        {reopens(u.status) ? (
                          <>
                            <p className="flash flash-error" data-testid="reopen-question">
                              This incident is {statusText(incident.status).toLowerCase()}. Approving this update reopens it: its status goes back to &ldquo;{statusText(u.status)}&rdquo; and the status page shows it as open again. To keep it closed, reject the update instead.
                            </p>
                            <input type="hidden" name="reopen" value="yes" />
                          </>
                        ) : null}
                        <button type="submit" className="danger">
                          {reopens(u.status) ? 'Approve and reopen' : 'Approve and publish'}
                        </button>
                      </ActionForm>
                    )}
                    <ActionForm action={rejectUpdateAction} className="row">
                      <input type="hidden" name="update_id" value={u.id} />
                      <label>
                        Reason (optional)
                        <input name="reason" maxLength={2000} />
                      </label>
                      <button type="submit">{mine ? 'Withdraw' : 'Reject'}</button>
                    </ActionForm>
                  </div>
                ) : null}
              </article>
            );
          })}
        </section>
      ) : null}

      <section aria-labelledby="impact-title">
        <h2 id="impact-title">Current impact</h2>
        <DataTable
          columns={['Component', 'Region', 'Status', 'Data', 'Affected', 'Restored']}
          rows={incident.impacts}
          empty={<p className="muted">No component is marked affected.</p>}
          row={(i) => (
            <tr key={i.id}>
              <td>{i.component.name}</td>
              <td>
                {i.region.carrier} {i.region.product}
              </td>
              <td>
                <StatusBadge status={i.status} />
              </td>
              <td>
                <DataBadge state={i.dataState} />
              </td>
              <td>{i.affectedUsers.toLocaleString('en-US')}</td>
              <td>{restoreProgress(i.dataState, i.affectedUsers, i.restoredUsers) === null ? '—' : i.restoredUsers.toLocaleString('en-US')}</td>
            </tr>
          )}
        />
      </section>

      {canEdit && open ? (
        <section aria-labelledby="post-title">
          <h2 id="post-title">Post an update</h2>
          <ActionForm key={`update-${incident.version}`} action={postUpdateAction} id="update-form" className="panel form-with-preview" aria-label="Post an update">
            <div className="stack form-main">
              <IncidentAtVersion incident={incident} />
              <input type="hidden" name="name" value={incident.title} />
              <div className="row">
                <label>
                  Incident status
                  <select name="status" defaultValue={latestOpen}>
                    {statuses.map((s) => (
                      <option key={s} value={s}>
                        {statusText(s)}
                      </option>
                    ))}
                  </select>
                </label>
                <ImpactSelect defaultValue={incident.impact} />
              </div>
              <details className="grid-toggle" open={incident.impacts.length === 0}>
                <summary>Change impact per region ({incident.impacts.length} affected now)</summary>
                <ImpactGrid components={gridComponents} regions={gridRegions} current={current} caption="Status and data state per component and region" />
              </details>
              <CarrierTexts formId="update-form" regions={gridRegions} initialAffected={[...new Set(incident.impacts.map((i) => i.region.slug))]} mainLabel="Update" />
              <NextUpdateField zones={zoneChoices(settings.timeZone, regions)} defaultZone={defaultZone(settings.timeZone, regions)} />
              <label>
                Shown as happening at (UTC, optional, to back-date)
                <input type="datetime-local" name="display_at" />
              </label>
              <NotifyCheckbox />
            </div>
            <aside className="panel preview-aside">
              <RegionPreview
                key={`preview-${incident.version}`}
                formId="update-form"
                regions={gridRegions}
                components={gridComponents}
                initialTitle={incident.title}
                initialCells={incident.impacts.map((i) => ({ component: i.component.slug, region: i.region.slug, status: i.status, dataState: i.dataState, affected: i.affectedUsers, restored: i.restoredUsers }))}
              />
            </aside>
            <div className="form-submit">
              <SubmitRow>Post update</SubmitRow>
            </div>
          </ActionForm>
        </section>
      ) : null}

      {canEdit && open ? (
        <section className="panel" aria-labelledby="resolve-title">
          <h2 id="resolve-title">{incident.kind === 'maintenance' ? (incident.status === 'scheduled' ? 'Cancel the maintenance' : 'Complete the maintenance') : 'Resolve'}</h2>
          <ActionForm key={`resolve-${incident.version}`} action={resolveIncidentAction} className="stack">
            <IncidentAtVersion incident={incident} />
            <label>
              Closing update (optional)
              <textarea name="body" maxLength={20000} placeholder={incident.kind === 'maintenance' ? (incident.status === 'scheduled' ? 'This maintenance is cancelled.' : 'The maintenance is complete.') : 'This incident has been resolved.'} />
            </label>
            <NotifyCheckbox />
            <label className="check">
              <input type="checkbox" name="confirm" required />
              Yes, every affected component goes back to operational (data states stay as they are).
            </label>
            <SubmitRow>{incident.kind === 'maintenance' ? (incident.status === 'scheduled' ? 'Cancel maintenance' : 'Complete') : 'Resolve incident'}</SubmitRow>
          </ActionForm>
        </section>
      ) : null}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <ol className="timeline">
          {incident.updates.map((u) => (
            <li key={u.id} id={u.state === 'pending_approval' ? undefined : `update-${u.id}`} className={u.state === 'published' ? '' : u.state === 'rejected' ? 'rejected' : 'pending'}>
              <div className="meta">
                <StatusBadge status={u.status} />
                <When at={u.displayAt} />
                <span>by {u.authorName}</span>
                {u.state === 'pending_approval' ? <span className="badge badge-pending">waiting for approval</span> : null}
                {u.state === 'rejected' ? <span className="badge">rejected</span> : null}
                {u.approvedBy ? <span>approved by {u.approvedBy.name}</span> : null}
                {u.displayAt.getTime() < u.createdAt.getTime() - 60_000 ? <span>(back-dated; written <When at={u.createdAt} />)</span> : null}
              </div>
              <UpdateBody source={u.body} />
              <RegionBodies bodies={u.regionBodies} />
              <UpdateTranslations update={u} canEdit={canEdit && u.state !== 'rejected'} />
              {u.nextUpdateAt ? (
                <p className="muted">
                  Next update promised by <When at={u.nextUpdateAt} />
                </p>
              ) : null}
              {u.impactChanges.length > 0 ? (
                <p className="muted">
                  {u.impactChanges.map((c) => `${c.component.name} / ${c.region.carrier} ${c.region.product}: ${c.status.replace(/_/g, ' ')}, ${DATA_STATE_LABEL[c.dataState]}`).join(' · ')}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      {canEdit ? (
        <section className="panel" aria-labelledby="details-title">
          <h2 id="details-title">Details</h2>
          <ActionForm key={`details-${incident.version}`} action={editIncidentAction} className="row">
            <IncidentAtVersion incident={incident} />
            <label>
              Title
              <input name="name" defaultValue={incident.title} required maxLength={200} />
            </label>
            <ImpactSelect defaultValue={incident.impact} />
            {incident.kind === 'maintenance' ? (
              <p className="muted">
                Window: {incident.scheduledFor ? <When at={incident.scheduledFor} /> : 'not set'} to {incident.scheduledUntil ? <When at={incident.scheduledUntil} /> : 'not set'}.{' '}
                <Link href={`/admin/maintenance/${incident.id}`}>Change the window</Link>, in any time zone.
              </p>
            ) : null}
            <TranslationFields kind="incident" stored={incident.translations} only={['name']} labels={{ name: 'Title' }} />
            <button type="submit">Save details</button>
          </ActionForm>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="pm-title">
        <h2 id="pm-title">Postmortem</h2>
        <p className="muted">{incident.postmortemPublishedAt ? <>Published <When at={incident.postmortemPublishedAt} />.</> : 'Not published.'} Markdown.</p>
        {canEdit ? (
          <ActionForm key={`postmortem-${incident.version}`} action={postmortemAction} className="stack">
            <IncidentAtVersion incident={incident} />
            <label>
              Postmortem
              <textarea name="body" maxLength={100000} defaultValue={incident.postmortemBody ?? ''} rows={10} />
            </label>
            <TranslationFields kind="incident" stored={incident.translations} only={['postmortem']} />
            <div className="row">
              <button type="submit" name="intent" value="draft">
                {incident.postmortemPublishedAt ? 'Save and unpublish' : 'Save draft'}
              </button>
              <button type="submit" name="intent" value="publish" className="primary">
                {incident.postmortemPublishedAt ? 'Save published' : 'Publish'}
              </button>
            </div>
          </ActionForm>
        ) : incident.postmortemBody ? (
          <UpdateBody source={incident.postmortemBody} />
        ) : null}
      </section>
    </>
  );
}
