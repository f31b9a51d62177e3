import type { Metadata } from 'next';
import Link from 'next/link';
import { isClosedStatus } from '@/lib/domain/incident-lifecycle';
import { formatDateTime } from '@/lib/domain/time';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { listComponents } from '@/lib/server/components/list-components';
import { listIncidents } from '@/lib/server/incidents/list-incidents';
import { listRegions } from '@/lib/server/regions/list-regions';
import { getPageSettings } from '@/lib/server/settings/get-page-settings';
import { ActionForm } from '../_lib/action-form';
import { FlashMessage } from '../_lib/flash-message';
import { DataTable, EmptyState } from '../_components/data-table';
import { SubmitRow } from '../_components/form-fields';
import { StatusBadge, When } from '../_components/labels';
import { gridAxes, ImpactGrid } from '../incidents/_components/impact-grid';
import { planMaintenanceAction } from './actions';
import { defaultZone, zoneChoices } from '../_lib/zones';
import { WindowFields } from './_lib/window-fields';

export const metadata: Metadata = { title: 'Maintenance' };

export default async function MaintenancePage() {
  const actor = await requireStaff('viewer');
  const canEdit = hasRole(actor, 'responder');
  const [list, components, regions, settings] = await Promise.all([listIncidents({ kind: 'maintenance', state: 'all', limit: 50 }), listComponents(), listRegions(), getPageSettings()]);
  const { gridComponents, gridRegions } = gridAxes(components, regions);
  const zone = defaultZone(settings.timeZone, regions);
  const zones = zoneChoices(settings.timeZone, regions);
  return (
    <>
      <h1>Scheduled maintenance</h1>
      <FlashMessage />
      <DataTable
        columns={['Maintenance', 'Status', `Window (${zone})`, 'By itself']}
        rows={list.incidents}
        empty={<EmptyState>No maintenance planned.</EmptyState>}
        row={(m) => (
          <tr key={m.id}>
            <td>
              <Link href={`/admin/incidents/${m.id}`}>{m.title}</Link>
            </td>
            <td>
              <StatusBadge status={m.status} />
            </td>
            <td>
              {m.scheduledFor && m.scheduledUntil ? (
                <>
                  {formatDateTime(m.scheduledFor, zone)} to {formatDateTime(m.scheduledUntil, zone)}
                  <div className="muted">
                    <When at={m.scheduledFor} /> to <When at={m.scheduledUntil} />
                  </div>
                </>
              ) : (
                <span className="muted">no window set</span>
              )}
              {canEdit && !isClosedStatus(m.status) ? (
                <div>
                  <Link href={`/admin/maintenance/${m.id}`} aria-label={`Change the window of ${m.title}`}>
                    Change the window
                  </Link>
                </div>
              ) : null}
            </td>
            <td>{m.autoTransition ? 'yes' : 'no (by hand)'}</td>
          </tr>
        )}
      />
      {canEdit ? (
        <section aria-labelledby="plan-title">
          <h2 id="plan-title">Plan maintenance</h2>
          <ActionForm action={planMaintenanceAction} className="stack panel" aria-label="Plan maintenance">
            <label>
              Title
              <input name="name" required maxLength={200} placeholder="Sync database upgrade" />
            </label>
            <WindowFields zones={zones} defaultZone={zone} />
            <fieldset>
              <legend>Components and regions under maintenance</legend>
              <ImpactGrid components={gridComponents} regions={gridRegions} current={new Map()} statuses={['under_maintenance']} showData={false} showRestored={false} caption="Cells under maintenance" />
            </fieldset>
            <label>
              Announcement
              <textarea name="body" required maxLength={20000} placeholder="We will upgrade the sync service. Contacts and calendar may not sync for up to 30 minutes." />
            </label>
            <div className="row">
              <label>
                Reminder, minutes before (optional)
                <input name="remind_before_minutes" inputMode="numeric" maxLength={5} placeholder="60" />
              </label>
              <label className="check">
                <input type="checkbox" name="auto_transition" defaultChecked /> Start and complete by itself
              </label>
              <label className="check">
                <input type="checkbox" name="deliver_notifications" defaultChecked /> Notify subscribers
              </label>
            </div>
            <SubmitRow>Plan maintenance</SubmitRow>
          </ActionForm>
        </section>
      ) : null}
    </>
  );
}
