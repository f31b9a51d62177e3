'use client';

import { useActionState } from 'react';
import { importCsvAction, type ImportState } from './actions';

export function ImportForm() {
  const [state, action, pending] = useActionState<ImportState, FormData>(importCsvAction, null);
  return (
    <form action={action} className="panel stack" aria-label="Import subscribers from CSV" aria-busy={pending}>
      <h2>Import from CSV</h2>
      <p className="muted">
        For people who already opted in elsewhere. First line: column names. <code>email</code> is required; <code>regions</code> and <code>components</code> take slugs separated by spaces or semicolons (or <code>all</code>); <code>time_zone</code> an IANA zone; <code>notice_kinds</code> optional. Up to 1,000 rows.
      </p>
      {state?.error ? (
        <p className="flash flash-error" role="alert">
          {state.error}
        </p>
      ) : null}
      {state?.summary ? (
        <p className="flash flash-ok" role="status">
          {state.summary}
        </p>
      ) : null}
      {state?.rejected && state.rejected.length > 0 ? (
        <div className="table-wrap">
          <table aria-label="Rejected rows">
            <thead>
              <tr>
                <th scope="col">CSV line</th>
                <th scope="col">E-mail</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {state.rejected.map((r) => (
                <tr key={r.row}>
                  <td>{r.row + 1}</td>
                  <td>{r.email ?? '(none)'}</td>
                  <td>{r.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <label>
        CSV file
        <input type="file" name="file" accept=".csv,text/csv" />
      </label>
      <label>
        or paste CSV
        <textarea name="csv" rows={4} placeholder={'email,regions,components,time_zone\nsam@example.au,telstra-au,all,Australia/Sydney'} />
      </label>
      <div className="row">
        <button type="submit" className="button primary" disabled={pending}>
          Import
        </button>
      </div>
    </form>
  );
}
