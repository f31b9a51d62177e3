'use client';

import { useEffect, useState } from 'react';
import { DATA_STATE_LABEL, restoreProgress } from '@/lib/domain/data-state';
import { COMPONENT_STATUS_LABEL, type ComponentStatus, type DataState } from '@/lib/domain/status';
import type { GridComponent, GridRegion } from './impact-grid';

interface Cell {
  component: string;
  region: string;
  status: ComponentStatus;
  dataState: DataState;
  affected: number;
  restored: number;
}

export interface FormView {
  title: string;
  body: string;
  /** Per-region texts by region slug, as typed. */
  bodies: Record<string, string>;
  cells: Cell[];
}

/** What the declare or update form says right now: title, texts and the cells marked affected. */
export function readForm(form: HTMLFormElement): FormView {
  const fd = new FormData(form);
  const rows = new Map<string, Record<string, string>>();
  const bodies: Record<string, string> = {};
  for (const [key, value] of fd.entries()) {
    const b = /^bodies_by_region\[([^\]]+)\]$/.exec(key);
    if (b && typeof value === 'string') bodies[b[1]!] = value;
    const m = /^impacts\[(\d+)\]\[(\w+)\]$/.exec(key);
    if (!m || typeof value !== 'string') continue;
    rows.set(m[1]!, { ...(rows.get(m[1]!) ?? {}), [m[2]!]: value });
  }
  const n = (v: string | undefined) => Number((v ?? '').replace(/[^0-9]/g, '')) || 0;
  const cells = [...rows.values()]
    .filter((r) => r.status)
    .map((r) => ({ component: r.component!, region: r.region!, status: r.status as ComponentStatus, dataState: (r.data_state || 'intact') as DataState, affected: n(r.affected_users), restored: n(r.restored_users) }));
  return { title: String(fd.get('name') ?? ''), body: String(fd.get('body') ?? ''), bodies, cells };
}

/** Calls `onView` with what the form says each time the agent types or changes a field in it. */
export function useFormView(formId: string, onView: (view: FormView) => void): void {
  useEffect(() => {
    const form = document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return;
    const update = () => onView(readForm(form));
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    return () => {
      form.removeEventListener('input', update);
      form.removeEventListener('change', update);
    };
  }, [formId, onView]);
}

/**
 * How the public page will read, one card per region, in that carrier's product name. Follows
 * the form as the agent types; without JavaScript it shows the incident as it stands.
 */
export function RegionPreview({ formId, regions, components, initialTitle, initialCells }: { formId: string; regions: GridRegion[]; components: GridComponent[]; initialTitle: string; initialCells: Cell[] }) {
  const [state, setState] = useState<FormView>({ title: initialTitle, body: '', bodies: {}, cells: initialCells });
  useFormView(formId, setState);
  const nameOf = new Map(components.map((c) => [c.slug, c.name]));
  const affected = regions.filter((r) => state.cells.some((c) => c.region === r.slug));
  return (
    <section aria-labelledby={`${formId}-preview`} aria-live="polite">
      <h2 id={`${formId}-preview`}>Preview per region</h2>
      {affected.length === 0 ? <p className="muted">No region is marked affected yet.</p> : null}
      {affected.map((r) => {
        const cells = state.cells.filter((c) => c.region === r.slug);
        return (
          <article className="preview-region" key={r.id}>
            <h3>
              {r.label} customers
            </h3>
            <p>
              <strong>{state.title ? state.title.replace(/\bSidekick\b|\bHiptop\b/g, r.product) : 'Untitled incident'}</strong>
            </p>
            <ul>
              {cells.map((c) => (
                <li key={c.component}>
                  {nameOf.get(c.component) ?? c.component} on your {r.product}: {COMPONENT_STATUS_LABEL[c.status].toLowerCase()}
                  {c.dataState !== 'intact' ? `, ${DATA_STATE_LABEL[c.dataState]}` : ''}
                  {c.affected > 0 ? ` (${restoreProgress(c.dataState, c.affected, c.restored) ?? `${c.affected.toLocaleString('en-US')} affected`})` : ''}
                </li>
              ))}
            </ul>
            {state.bodies[r.slug]?.trim() ? (
              <p className="muted preview-body">{state.bodies[r.slug]!.slice(0, 400)}</p>
            ) : state.body ? (
              <p className="muted preview-body">{state.body.slice(0, 400)}</p>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
