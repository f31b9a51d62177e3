// Component status per region, rolled up from the staff-set baseline, the impacts of unresolved
// incidents and of maintenance in progress. The worst status and the worst data state win.
import { worstDataState, worstStatus, type ComponentStatus, type DataState, type ImpactCell } from './status';

export interface ImpactRow extends ImpactCell {
  incidentId: string;
}

export interface CellState {
  componentId: string;
  regionId: string;
  status: ComponentStatus;
  dataState: DataState;
  affectedUsers: number;
  restoredUsers: number;
  incidentIds: string[];
}

export interface Rollup {
  cell(componentId: string, regionId: string): CellState;
  /** Worst status of a component over all regions (or over the given ones). */
  component(componentId: string, regionIds?: string[]): ComponentStatus;
  /** Worst status over the components in one region. */
  region(regionId: string): ComponentStatus;
  /** Worst data state of a component over the given regions. */
  componentData(componentId: string, regionIds?: string[]): DataState;
}

export const cellKey = (componentId: string, regionId: string) => `${componentId}\u0000${regionId}`;

/** `activeImpacts` must already be limited to unresolved incidents and maintenance in progress. */
export function rollup(components: { id: string; status: ComponentStatus }[], regions: { id: string }[], activeImpacts: ImpactRow[]): Rollup {
  const cells = new Map<string, CellState>();
  for (const c of components)
    for (const r of regions) cells.set(cellKey(c.id, r.id), { componentId: c.id, regionId: r.id, status: c.status, dataState: 'intact', affectedUsers: 0, restoredUsers: 0, incidentIds: [] });
  for (const i of activeImpacts) {
    const cell = cells.get(cellKey(i.componentId, i.regionId));
    if (!cell) continue;
    cell.status = worstStatus([cell.status, i.status]);
    cell.dataState = worstDataState([cell.dataState, i.dataState]);
    cell.affectedUsers += i.affectedUsers;
    cell.restoredUsers += i.restoredUsers;
    if (!cell.incidentIds.includes(i.incidentId)) cell.incidentIds.push(i.incidentId);
  }
  const allRegions = regions.map((r) => r.id);
  const get = (componentId: string, regionId: string): CellState =>
    cells.get(cellKey(componentId, regionId)) ?? { componentId, regionId, status: 'operational', dataState: 'intact', affectedUsers: 0, restoredUsers: 0, incidentIds: [] };
  return {
    cell: get,
    component(componentId, regionIds = allRegions) {
      const base = components.find((c) => c.id === componentId)?.status ?? 'operational';
      return worstStatus([base, ...regionIds.map((r) => get(componentId, r).status)]);
    },
    region(regionId) {
      return worstStatus(components.map((c) => get(c.id, regionId).status));
    },
    componentData(componentId, regionIds = allRegions) {
      return worstDataState(regionIds.map((r) => get(componentId, r).dataState));
    },
  };
}
