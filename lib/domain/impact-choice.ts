// Which component x region cells an agent picked when declaring: single cells ("contacts/tmobile-us"),
// whole rows (a component) and whole columns (a region), as a page's query string carries them.

export interface ImpactChoice {
  cells: readonly string[];
  rows: readonly string[];
  cols: readonly string[];
}

export const cellKey = (component: string, region: string): string => `${component}/${region}`;

/** The chosen cells in grid order (rows, then columns); names not on the grid are ignored. */
export function chosenCells(choice: ImpactChoice, components: readonly string[], regions: readonly string[]): { component: string; region: string }[] {
  const cells = new Set(choice.cells);
  const rows = new Set(choice.rows);
  const cols = new Set(choice.cols);
  return components.flatMap((component) => regions.filter((region) => rows.has(component) || cols.has(region) || cells.has(cellKey(component, region))).map((region) => ({ component, region })));
}
