import type { ReactNode } from 'react';

interface Props<T> {
  /** Column headings; a falsy entry is a column this viewer does not get (e.g. reordering for admins only). */
  columns: readonly (string | false | null)[];
  rows: readonly T[];
  /** One `<tr>` per row, with its own key. */
  row: (item: T) => ReactNode;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  /**
   * For a table whose rows hold no link or button: its name, and the wrapper that scrolls it
   * sideways on a phone becomes a keyboard stop (otherwise the scrolled columns are out of reach).
   */
  label?: string;
}

/** The console's list table: scrolls sideways inside `.table-wrap` on narrow screens. */
export function DataTable<T>({ columns, rows, row, empty, label }: Props<T>) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <div className="table-wrap" {...(label ? { tabIndex: 0, role: 'group', 'aria-label': label } : {})}>
      <table>
        <thead>
          <tr>
            {columns.map((c) =>
              c ? (
                <th key={c} scope="col">
                  {c}
                </th>
              ) : null,
            )}
          </tr>
        </thead>
        <tbody>{rows.map(row)}</tbody>
      </table>
    </div>
  );
}

/** A panel saying a list is empty. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="panel">{children}</p>;
}
