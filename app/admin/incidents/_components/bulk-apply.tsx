'use client';

import { useState, useSyncExternalStore } from 'react';
import { DATA_STATE_LABEL, dataStateTitle } from '@/lib/domain/data-state';
import { COMPONENT_STATUS_LABEL, type ComponentStatus, type DataState } from '@/lib/domain/status';
import type { GridComponent, GridRegion } from './impact-grid';

const noSubscription = () => () => undefined;

/**
 * Sets status, data state and affected users on many chosen cells of the grid at once: all of
 * them, one row or one column. It only fills in the grid's own inputs, so what is posted is what
 * the grid shows. Needs JavaScript; without it nothing is shown and each cell is set by hand.
 */
export function BulkApply({ formId, components, regions }: { formId: string; components: GridComponent[]; regions: GridRegion[] }) {
  // True only in the browser after hydration: the server render (and no-JS pages) show nothing.
  const ready = useSyncExternalStore(noSubscription, () => true, () => false);
  const [status, setStatus] = useState<string>('partial_outage');
  const [data, setData] = useState<string>('');
  const [users, setUsers] = useState('');
  const [scope, setScope] = useState('all');
  const [note, setNote] = useState('');
  if (!ready) return null;

  function apply(target: string) {
    const form = document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return;
    const [kind, slug] = target.split(':');
    const cells = [...form.querySelectorAll<HTMLElement>('[data-cell]')].filter((el) => {
      const [component, region] = (el.dataset.cell ?? '').split('/');
      return kind === 'all' || (kind === 'row' && component === slug) || (kind === 'col' && region === slug);
    });
    for (const el of cells) {
      const set = (field: string, value: string) => {
        const input = el.querySelector<HTMLInputElement | HTMLSelectElement>(`[name$="[${field}]"]`);
        if (input && value !== '') input.value = value;
      };
      set('status', status);
      set('data_state', data);
      set('affected_users', users.trim());
    }
    form.dispatchEvent(new Event('change', { bubbles: true }));
    setNote(`Applied to ${cells.length} cell${cells.length === 1 ? '' : 's'}.`);
  }

  return (
    <div className="bulk-apply row" role="group" aria-label="Apply to many cells">
      <label>
        Status
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          {(Object.keys(COMPONENT_STATUS_LABEL) as ComponentStatus[]).map((s) => (
            <option key={s} value={s}>
              {COMPONENT_STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Data
        <select value={data} onChange={(e) => setData(e.target.value)}>
          <option value="">(leave as is)</option>
          {(Object.keys(DATA_STATE_LABEL) as DataState[]).map((d) => (
            <option key={d} value={d}>
              {dataStateTitle(d)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Affected users
        <input value={users} onChange={(e) => setUsers(e.target.value)} inputMode="numeric" placeholder="(leave as is)" maxLength={13} />
      </label>
      <label className="scope">
        Apply to
        <select value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="all">All chosen cells</option>
          {components.map((c) => (
            <option key={c.id} value={`row:${c.slug}`}>
              Row: {c.name}
            </option>
          ))}
          {regions.map((r) => (
            <option key={r.id} value={`col:${r.slug}`}>
              Column: {r.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => apply(scope)}>
        Apply
      </button>
      <span className="muted" role="status">
        {note}
      </span>
    </div>
  );
}
