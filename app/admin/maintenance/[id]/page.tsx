import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { isClosedStatus } from '@/lib/domain/incident-lifecycle';
import { formatDateTime, isValidTimeZone, utcToWallTime, zoneOffset } from '@/lib/domain/time';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { AppError } from '@/lib/server/errors';
import { getIncident } from '@/lib/server/incidents/get-incident';
import { listRegions } from '@/lib/server/regions/list-regions';
import { getPageSettings } from '@/lib/server/settings/get-page-settings';
import { StatusBadge, When } from '../../_components/labels';
import { ActionForm } from '../../_lib/action-form';
import { FlashMessage } from '../../_lib/flash-message';
import { firstParam, type SearchParams } from '../../_lib/search-params';
import { rescheduleMaintenanceAction } from '../actions';
import { defaultZone, zoneChoices } from '../../_lib/zones';
import { ZoneSelect } from '../../_lib/zone-select';

export const metadata: Metadata = { title: 'Maintenance window' };

async function load(id: string) {
  try {
    return await getIncident(id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}

export default async function MaintenanceWindowPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const actor = await requireStaff('viewer');
  const { id } = await params;
  const [incident, regions, settings, raw] = await Promise.all([load(id), listRegions(), getPageSettings(), searchParams]);
  if (incident.kind !== 'maintenance') notFound();
  const asked = (firstParam(raw.tz) ?? '').trim().slice(0, 64);
  // The zone comes from the address, so the times shown and the zone they are read back in always match.
  const zone = asked && isValidTimeZone(asked) ? asked : defaultZone(settings.timeZone, regions);
  const zones = zoneChoices(settings.timeZone, regions, zone);
  const canEdit = hasRole(actor, 'responder') && !isClosedStatus(incident.status);
  const { scheduledFor: from, scheduledUntil: until } = incident;
  return (
    <>
      <div className="page-head">
        <h1>Window of “{incident.title}”</h1>
        <Link href={`/admin/incidents/${incident.id}`}>Back to the maintenance</Link>
      </div>
      <FlashMessage />
      <p className="row">
        <StatusBadge status={incident.status} />
        {from && until ? (
          <span>
            {formatDateTime(from, zone)} to {formatDateTime(until, zone)}{' '}
            <span className="muted">
              (<When at={from} /> to <When at={until} />)
            </span>
          </span>
        ) : (
          <span className="muted">No window set.</span>
        )}
      </p>
      <div className="stack">
        <form method="get" className="row" aria-label="Choose the time zone">
          <ZoneSelect name="tz" label="Show and type times in" zones={zones} defaultValue={zone} />
          <button type="submit">Show</button>
        </form>
        {canEdit ? (
          <section className="panel" aria-labelledby="window-title">
            <h2 id="window-title">Change the window</h2>
            <ActionForm key={`${incident.version}/${zone}`} action={rescheduleMaintenanceAction} className="stack" aria-label="Change the maintenance window">
              <input type="hidden" name="incident_id" value={incident.id} />
              <input type="hidden" name="version" value={incident.version} />
              <input type="hidden" name="time_zone" value={zone} />
              <p className="muted">
                Times are on the clock of {zone} (UTC{zoneOffset(from ?? new Date(), zone)} at the start). To type them in another zone, choose it above. A time the clocks skip is refused; a time they
                repeat is read as the first.
              </p>
              <div className="row">
                <label>
                  Starts ({zone})
                  <input type="datetime-local" name="scheduled_for" required defaultValue={from ? utcToWallTime(from, zone) : undefined} />
                </label>
                <label>
                  Ends ({zone})
                  <input type="datetime-local" name="scheduled_until" required defaultValue={until ? utcToWallTime(until, zone) : undefined} />
                </label>
              </div>
              <div>
                <button type="submit" className="primary">
                  Save window
                </button>
              </div>
            </ActionForm>
          </section>
        ) : isClosedStatus(incident.status) ? (
          <p className="muted">This maintenance is over; its window can no longer change.</p>
        ) : null}
      </div>
    </>
  );
}
