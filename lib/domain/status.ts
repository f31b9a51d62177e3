// The public vocabulary: component statuses, data states, incident statuses and the page indicator,
// with the orderings the rollup uses. Names follow Atlassian Statuspage so v2 clients read them unchanged.

export const COMPONENT_STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const DATA_STATES = ['intact', 'restored', 'recovering', 'at_risk', 'lost'] as const;
export type DataState = (typeof DATA_STATES)[number];

export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved' | 'postmortem' | 'scheduled' | 'in_progress' | 'verifying' | 'completed';
export type Indicator = 'none' | 'minor' | 'major' | 'critical';
export type IncidentImpactLevel = Indicator;

const componentRank: Record<ComponentStatus, number> = { operational: 0, under_maintenance: 1, degraded_performance: 2, partial_outage: 3, major_outage: 4 };
const dataRank: Record<DataState, number> = { intact: 0, restored: 1, recovering: 2, at_risk: 3, lost: 4 };
const indicatorRank: Record<Indicator, number> = { none: 0, minor: 1, major: 2, critical: 3 };

export const componentSeverity = (s: ComponentStatus): number => componentRank[s];
export const dataSeverity = (s: DataState): number => dataRank[s];

export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const s of statuses) if (componentRank[s] > componentRank[worst]) worst = s;
  return worst;
}

export function worstDataState(states: Iterable<DataState>): DataState {
  let worst: DataState = 'intact';
  for (const s of states) if (dataRank[s] > dataRank[worst]) worst = s;
  return worst;
}

export function worstIndicator(values: Iterable<Indicator>): Indicator {
  let worst: Indicator = 'none';
  for (const v of values) if (indicatorRank[v] > indicatorRank[worst]) worst = v;
  return worst;
}

/** Statuspage's mapping of a component status to the page indicator. */
export function indicatorOfStatus(s: ComponentStatus): Indicator {
  if (s === 'major_outage') return 'critical';
  if (s === 'partial_outage') return 'major';
  if (s === 'degraded_performance') return 'minor';
  return 'none';
}

export const COMPONENT_STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const INCIDENT_STATUS_LABEL: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export const IMPACT_LABEL: Record<IncidentImpactLevel, string> = { none: 'No impact', minor: 'Minor', major: 'Major', critical: 'Critical' };

/** The page indicator as a customer reads it (the v2 JSON keeps Statuspage's values: none … critical). */
export const INDICATOR_TEXT: Record<Indicator, string> = {
  none: 'Everything is working normally.',
  minor: 'Some services are slow or not fully working.',
  major: 'Some services are partly down.',
  critical: 'Some services are down.',
};
export const MAINTENANCE_TEXT = 'Planned maintenance is under way; everything else is working normally.';

/** An incident's impact level as a customer reads it ("Critical impact" means little to them). */
export const IMPACT_TEXT: Record<IncidentImpactLevel, string> = { none: 'Little or no disruption', minor: 'Minor disruption', major: 'Major disruption', critical: 'Severe disruption' };

const RESOLVED: ReadonlySet<IncidentStatus> = new Set(['resolved', 'postmortem', 'completed']);
export const isResolvedStatus = (s: IncidentStatus): boolean => RESOLVED.has(s);

export interface PageStatus {
  indicator: Indicator;
  description: string;
}

/**
 * The overall indicator and its sentence: the worst of component statuses and unresolved incident
 * impacts. `audience` names who is reading ("Telstra Hiptop customers") for the region view.
 */
export function pageStatus(input: { statuses: ComponentStatus[]; incidentImpacts: IncidentImpactLevel[]; maintenanceInProgress: boolean; dataAtRisk?: boolean }): PageStatus {
  const indicator = worstIndicator([...input.statuses.map(indicatorOfStatus), ...input.incidentImpacts]);
  const worst = worstStatus(input.statuses);
  let description: string;
  if (indicator === 'critical') description = 'Major System Outage';
  else if (indicator === 'major') description = 'Partial System Outage';
  else if (indicator === 'minor') description = worst === 'degraded_performance' ? 'Partially Degraded Service' : 'Minor Service Outage';
  else if (input.maintenanceInProgress || worst === 'under_maintenance') description = 'Service Under Maintenance';
  else description = 'All Systems Operational';
  return { indicator, description };
}

/** One component's impact in one region: the shape every layer (lifecycle, rollup, public model) shares. */
export interface ImpactCell {
  componentId: string;
  regionId: string;
  status: ComponentStatus;
  dataState: DataState;
  affectedUsers: number;
  restoredUsers: number;
}

/** Just the impact fields of a larger row (a database row, an update's change). */
export const pickImpact = (c: ImpactCell): ImpactCell => ({ componentId: c.componentId, regionId: c.regionId, status: c.status, dataState: c.dataState, affectedUsers: c.affectedUsers, restoredUsers: c.restoredUsers });
