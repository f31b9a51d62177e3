// The impact matrix: components (rows, by group) x regions (columns). Every cell carries its
// status and data state as text and as an accessible label, so colour is never the only signal.
import type { Rollup } from './rollup';
import { DATA_STATE_LABEL } from './data-state';
import { COMPONENT_STATUS_LABEL, type ComponentStatus, type DataState } from './status';

export interface MatrixRegion {
  id: string;
  slug: string;
  carrier: string;
  product: string;
}
export interface MatrixComponent {
  id: string;
  name: string;
  groupId: string | null;
}
export interface MatrixGroup {
  id: string;
  name: string;
}

export interface MatrixCell {
  regionId: string;
  status: ComponentStatus;
  dataState: DataState;
  affectedUsers: number;
  restoredUsers: number;
  /** Short visible text, e.g. "Major outage · data at risk". */
  text: string;
  /** Full label, e.g. "Contacts, Telstra Hiptop: major outage, data at risk". */
  label: string;
}
export interface MatrixRow {
  componentId: string;
  name: string;
  cells: MatrixCell[];
}
export interface MatrixSection {
  groupId: string | null;
  name: string | null;
  rows: MatrixRow[];
}

export const audienceName = (r: { carrier: string; product: string }): string => `${r.carrier} ${r.product}`;

/** The audience name, with its market when another region in `all` has the same one (T-Mobile sells the Sidekick in two). */
export const distinctAudienceName = (r: { id: string; carrier: string; product: string; market: string }, all: readonly { id: string; carrier: string; product: string }[]): string =>
  all.some((o) => o.id !== r.id && audienceName(o) === audienceName(r)) ? `${audienceName(r)} (${r.market})` : audienceName(r);

export function cellText(status: ComponentStatus, dataState: DataState): string {
  const s = COMPONENT_STATUS_LABEL[status];
  return dataState === 'intact' ? s : `${s} · ${DATA_STATE_LABEL[dataState]}`;
}

export function cellLabel(componentName: string, region: { carrier: string; product: string }, status: ComponentStatus, dataState: DataState): string {
  const parts = [status === 'operational' && dataState !== 'intact' ? null : COMPONENT_STATUS_LABEL[status].toLowerCase(), dataState === 'intact' ? null : DATA_STATE_LABEL[dataState]];
  return `${componentName}, ${audienceName(region)}: ${parts.filter(Boolean).join(', ')}`;
}

/** Sections in group order; components without a group come last under no heading. */
export function impactMatrix(groups: MatrixGroup[], components: MatrixComponent[], regions: MatrixRegion[], state: Rollup): MatrixSection[] {
  const row = (c: MatrixComponent): MatrixRow => ({
    componentId: c.id,
    name: c.name,
    cells: regions.map((r) => {
      const cell = state.cell(c.id, r.id);
      return {
        regionId: r.id,
        status: cell.status,
        dataState: cell.dataState,
        affectedUsers: cell.affectedUsers,
        restoredUsers: cell.restoredUsers,
        text: cellText(cell.status, cell.dataState),
        label: cellLabel(c.name, r, cell.status, cell.dataState),
      };
    }),
  });
  const sections: MatrixSection[] = groups
    .map((g) => ({ groupId: g.id, name: g.name, rows: components.filter((c) => c.groupId === g.id).map(row) }))
    .filter((s) => s.rows.length > 0);
  const loose = components.filter((c) => !c.groupId || !groups.some((g) => g.id === c.groupId));
  if (loose.length > 0) sections.push({ groupId: null, name: null, rows: loose.map(row) });
  return sections;
}
