'use client';

import { useActionState, useState, type FormEvent } from 'react';
import { CSV_LIMIT_TEXT, CSV_MAX_BYTES, EACH_CARRIER_KEYWORD } from '@/lib/server/subscribers/parse-csv';
import { importCsvAction, type ImportState } from './actions';

/** The same limit, checked before sending, so a large file gets the message instead of a failed upload. */
function tooLarge(form: HTMLFormElement): string | null {
  const file = (form.elements.namedItem('file') as HTMLInputElement | null)?.files?.[0];
  const pasted = (form.elements.namedItem('csv') as HTMLTextAreaElement | null)?.value ?? '';
  const bytes = file && file.size > 0 ? file.size : new Blob([pasted]).size;
  return bytes > CSV_MAX_BYTES ? `The CSV is ${(bytes / 1_000_000).toFixed(1)} MB; the limit is ${CSV_LIMIT_TEXT}. Split it into smaller files.` : null;
}

export function ImportForm() {
  const [state, action, pending] = useActionState<ImportState, FormData>(importCsvAction, null);
  const [localError, setLocalError] = useState<string | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const problem = tooLarge(event.currentTarget);
    setLocalError(problem);
    if (problem) event.preventDefault();
  };
  const error = localError ?? state?.error;
  return (
    <form action={action} onSubmit={onSubmit} className="panel stack" aria-label="Import subscribers from CSV" aria-busy={pending}>
      <h2>Import from CSV</h2>
      <p className="muted">
        For people who already opted in elsewhere. First line: column names. <code>email</code> is required; <code>regions</code> and <code>components</code> take slugs separated by spaces or semicolons (or <code>all</code>); <code>time_zone</code> an IANA zone; <code>locale</code> the language of their notices (<code>en</code>, <code>fr-CA</code>, <code>de-DE</code>; <code>{EACH_CARRIER_KEYWORD}</code>: each carrier’s own language; empty: kept, or the carrier’s for someone new); <code>notice_kinds</code> optional. Up to 1,000 rows and {CSV_LIMIT_TEXT}.
      </p>
      {error ? (
        <p className="flash flash-error" role="alert">
          {error}
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
                  <td>{r.line}</td>
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
        <textarea name="csv" rows={4} placeholder={'email,regions,components,time_zone,locale\nsam@example.au,telstra-au,all,Australia/Sydney,en-AU'} />
      </label>
      <div className="row">
        <button type="submit" className="button primary" disabled={pending}>
          Import
        </button>
      </div>
    </form>
  );
}
