import { maintenanceStatus, nextMaintenanceBoundary, windowWords, type MaintenanceStatus } from '@/lib/domain/maintenance';
import { rollup, type ImpactRow, type Rollup } from '@/lib/domain/rollup';
import { isResolvedStatus, pageStatus, worstStatus, type IncidentStatus, type PageStatus } from '@/lib/domain/status';
import { uptimeReport, type UptimeReport } from '@/lib/domain/uptime';
import { currentPromise } from '@/lib/domain/update-text';
import type { PublicIncident, PublicModel, PublicRegion } from './model';

// The facts every public view shares, derived once per snapshot from the model and the clock.

export interface DerivedIncident extends PublicIncident {
  /** Status now: the latest published update's, or the clock's for maintenance. */
  current: IncidentStatus;
  isMaintenance: boolean;
  /** Unresolved incident, or maintenance in progress or verifying. */
  active: boolean;
  maintenance: MaintenanceStatus | null;
  regionIds: string[];
  componentIds: string[];
  /** The latest update's promise of the next one (ISO), none once resolved. */
  nextUpdateAt: string | null;
  /** A maintenance window's words at the snapshot's clock ("Starts" until it has started). */
  windowWords: { start: 'Starts' | 'Started'; end: 'Ends' | 'Ended' } | null;
}

export interface Derived {
  model: PublicModel;
  now: Date;
  incidents: DerivedIncident[];
  byId: Map<string, DerivedIncident>;
  state: Rollup;
  status: PageStatus;
  regionStatus: Map<string, PageStatus>;
  uptime: UptimeReport;
  nextBoundary: Date | null;
}

export function deriveIncident(i: PublicIncident, now: Date): DerivedIncident {
  const isMaintenance = i.kind === 'maintenance';
  const maintenance = isMaintenance ? maintenanceStatus({ status: i.status, scheduledFor: i.scheduledFor, scheduledUntil: i.scheduledUntil, autoTransition: i.autoTransition }, now) : null;
  const latest = i.updates[i.updates.length - 1];
  const current: IncidentStatus = maintenance ?? latest?.status ?? i.status;
  const active = isMaintenance ? maintenance === 'in_progress' || maintenance === 'verifying' : !isResolvedStatus(current);
  const named = [...i.impacts, ...i.updates.flatMap((u) => u.impacts)];
  const promise = currentPromise(i.updates, isResolvedStatus(current));
  return { ...i, current, isMaintenance, active, maintenance, windowWords: isMaintenance && i.scheduledFor ? windowWords(i.scheduledFor, i.scheduledUntil, now) : null, nextUpdateAt: promise ? promise.toISOString() : null, regionIds: [...new Set(named.map((x) => x.regionId))], componentIds: [...new Set(named.map((x) => x.componentId))] };
}

/** An incident that names no region concerns everyone. */
export const affectsRegion = (i: DerivedIncident, regionId: string): boolean => i.regionIds.length === 0 || i.regionIds.includes(regionId);
export const affectsComponent = (i: DerivedIncident, componentId: string): boolean => i.componentIds.includes(componentId);

export function activeImpactRows(incidents: DerivedIncident[]): ImpactRow[] {
  return incidents
    .filter((i) => i.active)
    .flatMap((i) => i.impacts.map((x) => ({ incidentId: i.id, ...x, status: i.isMaintenance ? worstStatus([x.status, 'under_maintenance']) : x.status })));
}

export function regionPageStatus(d: Pick<Derived, 'incidents' | 'state' | 'model'>, region: PublicRegion | null): PageStatus {
  const incidents = d.incidents.filter((i) => i.active && (!region || affectsRegion(i, region.id)));
  return pageStatus({
    statuses: d.model.components.map((c) => (region ? d.state.cell(c.id, region.id).status : d.state.component(c.id))),
    incidentImpacts: incidents.filter((i) => !i.isMaintenance).map((i) => i.impact),
    maintenanceInProgress: incidents.some((i) => i.isMaintenance),
  });
}

export function derive(model: PublicModel, now: Date): Derived {
  const incidents = model.incidents.map((i) => deriveIncident(i, now));
  const state = rollup(model.components, model.regions, activeImpactRows(incidents));
  const partial = { incidents, state, model };
  const regionStatus = new Map(model.regions.map((r) => [r.id, regionPageStatus(partial, r)]));
  const uptime = uptimeReport({
    incidents: incidents.map((i) => ({ id: i.id, title: i.title, kind: i.kind, startedAt: i.startedAt, resolvedAt: i.resolvedAt, updates: i.updates, currentImpacts: i.impacts })),
    componentIds: model.components.map((c) => c.id),
    regions: model.regions,
    now,
  });
  const nextBoundary = nextMaintenanceBoundary(
    incidents.filter((i) => i.isMaintenance).map((i) => ({ status: i.status, scheduledFor: i.scheduledFor, scheduledUntil: i.scheduledUntil, autoTransition: i.autoTransition })),
    now,
  );
  return { model, now, incidents, byId: new Map(incidents.map((i) => [i.id, i])), state, status: regionPageStatus(partial, null), regionStatus, uptime, nextBoundary };
}
