import type { Metadata } from 'next';
import Link from 'next/link';
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

export const metadata: Metadata = { title: 'Maintenance' };

export default async function MaintenancePage() {
  const actor = await requireStaff('viewer');
  const canEdit = hasRole(actor, 'responder');
  const [list, components, regions, settings] = await Promise.all([listIncidents({ kind: 'maintenance', state: 'all', limit: 50 }), listComponents(), listRegions(), getPageSettings()]);
  const { gridComponents, gridRegions } = gridAxes(components, regions);
  const zones = [...new Set(['UTC', settings.timeZone, ...regions.map((r) => r.timeZone)])];
  return (
    <>
      <h1>Scheduled maintenance</h1>
      <FlashMessage />
      <DataTable
        columns={['Maintenance', 'Status', 'Window', 'By itself']}
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
              <When at={m.scheduledFor} /> to <When at={m.scheduledUntil} />
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
            <div className="row">
              <label>
                Starts
                <input type="datetime-local" name="scheduled_for" required />
              </label>
              <label>
                Ends
                <input type="datetime-local" name="scheduled_until" required />
              </label>
              <label>
                Times are in
                <select name="time_zone" defaultValue={settings.timeZone}>
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </select>
              </label>
            </div>
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
