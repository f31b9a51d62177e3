import { dataStateTitle } from '@/lib/domain/data-state';
import { cellKey } from '@/lib/domain/impact-choice';
import { distinctAudienceName } from '@/lib/domain/impact-matrix';
import { COMPONENT_STATUS_LABEL } from '@/lib/domain/status';
import { COMPONENT_STATUS_VALUES, DATA_STATE_VALUES } from '@/lib/server/incidents/schemas';

export interface GridComponent {
  id: string;
  slug: string;
  name: string;
}
export interface GridRegion {
  id: string;
  slug: string;
  carrier: string;
  product: string;
  /** How staff read the column: "T-Mobile Sidekick", with the market when two regions share that name. */
  label: string;
}
export interface GridCell {
  status: string;
  dataState: string;
  affectedUsers: number;
  restoredUsers: number;
}

/** Only the fields the grid and the live preview read, so nothing else is sent to the browser. */
export function gridAxes(components: readonly GridComponent[], regions: readonly (Omit<GridRegion, 'label'> & { market: string })[]): { gridComponents: GridComponent[]; gridRegions: GridRegion[] } {
  return {
    gridComponents: components.map((c) => ({ id: c.id, slug: c.slug, name: c.name })),
    gridRegions: regions.map((r) => ({ id: r.id, slug: r.slug, carrier: r.carrier, product: r.product, label: distinctAudienceName(r, regions) })),
  };
}

/**
 * The components x regions grid: for each cell a status (or "not affected"), a data state and
 * user counts. Inputs are named impacts[i][field]; cells already in the incident cannot be
 * cleared, only set back to operational. With `chosen` (declaring), only those cells get inputs
 * and only their rows and columns are shown; they start affected, not "not affected".
 */
export function ImpactGrid({ components: allComponents, regions: allRegions, current, statuses = COMPONENT_STATUS_VALUES, caption, showRestored = true, showData = true, chosen }: { components: GridComponent[]; regions: GridRegion[]; current: Map<string, GridCell>; statuses?: readonly string[]; caption: string; showRestored?: boolean; showData?: boolean; chosen?: ReadonlySet<string> }) {
  if (allComponents.length === 0 || allRegions.length === 0) {
    return <p className="muted">Add components and regions first (Components and Regions in the menu) to record impact per region.</p>;
  }
  const components = chosen ? allComponents.filter((c) => allRegions.some((r) => chosen.has(cellKey(c.slug, r.slug)))) : allComponents;
  const regions = chosen ? allRegions.filter((r) => allComponents.some((c) => chosen.has(cellKey(c.slug, r.slug)))) : allRegions;
  return (
    <>
      {regions.length > 1 ? (
        <p className="muted scroll-hint" data-cols={regions.length} aria-hidden="true">
          ⇆ {regions.length} carriers: scroll the grid sideways inside its box to see them all.
        </p>
      ) : null}
    <div className="table-wrap scroll-box" tabIndex={0} role="group" aria-label={caption}>
      <table className="impact-grid">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Component</th>
            {regions.map((r) => (
              <th scope="col" key={r.id}>
                {r.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {components.map((c, row) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              {regions.map((r, col) => {
                const i = row * regions.length + col;
                const cell = current.get(`${c.id}/${r.id}`);
                const label = `${c.name}, ${r.label}`;
                if (chosen && !chosen.has(cellKey(c.slug, r.slug))) {
                  return (
                    <td key={r.id} className="muted">
                      not chosen
                    </td>
                  );
                }
                return (
                  <td key={r.id}>
                    <div className="cell" data-cell={cellKey(c.slug, r.slug)}>
                      <input type="hidden" name={`impacts[${i}][component]`} value={c.slug} />
                      <input type="hidden" name={`impacts[${i}][region]`} value={r.slug} />
                      <label>
                        Status
                        <select name={`impacts[${i}][status]`} defaultValue={cell?.status ?? (chosen ? 'partial_outage' : '')} aria-label={`${label}: status`}>
                          {cell || chosen ? null : <option value="">Not affected</option>}
                          {statuses.map((s) => (
                            <option key={s} value={s}>
                              {COMPONENT_STATUS_LABEL[s as keyof typeof COMPONENT_STATUS_LABEL] ?? s}
                            </option>
                          ))}
                        </select>
                      </label>
                      {showData ? (
                        <label>
                          Data
                          <select name={`impacts[${i}][data_state]`} defaultValue={cell?.dataState ?? 'intact'} aria-label={`${label}: data`}>
                            {DATA_STATE_VALUES.map((d) => (
                              <option key={d} value={d}>
                                {dataStateTitle(d)}
                              </option>
                            ))}
                          </select>
                        </label>
                      ) : null}
                      <label>
                        Affected users
                        <input name={`impacts[${i}][affected_users]`} inputMode="numeric" pattern="[0-9, _]*" maxLength={13} defaultValue={cell?.affectedUsers ? String(cell.affectedUsers) : ''} aria-label={`${label}: affected users`} />
                      </label>
                      {showRestored ? (
                        <label>
                          Restored users
                          <input name={`impacts[${i}][restored_users]`} inputMode="numeric" pattern="[0-9, _]*" maxLength={13} defaultValue={cell?.restoredUsers ? String(cell.restoredUsers) : ''} aria-label={`${label}: restored users`} />
                        </label>
                      ) : null}
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}
