'use client';

import { useState } from 'react';
import { cellKey } from '@/lib/domain/impact-choice';
import type { GridComponent, GridRegion } from './impact-grid';

/**
 * Step one of declaring: tick the affected services x carriers. "Whole row" and "whole column"
 * tick every cell at once with JavaScript; without it they are sent as row=/col= and the server
 * expands them, so the step works either way.
 */
export function PickMatrix({ components, regions, initial }: { components: GridComponent[]; regions: GridRegion[]; initial: string[] }) {
  const [chosen, setChosen] = useState(() => new Set(initial));
  const all = (keys: string[]) => keys.length > 0 && keys.every((k) => chosen.has(k));
  const setMany = (keys: string[], on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      for (const k of keys) {
        if (on) next.add(k);
        else next.delete(k);
      }
      return next;
    });
  const rowKeys = (c: GridComponent) => regions.map((r) => cellKey(c.slug, r.slug));
  const colKeys = (r: GridRegion) => components.map((c) => cellKey(c.slug, r.slug));
  return (
    <>
      {regions.length > 1 ? (
        <p className="muted scroll-hint" data-cols={regions.length} aria-hidden="true">
          ⇆ {regions.length} carriers: scroll the matrix sideways inside its box to see them all.
        </p>
      ) : null}
    <div className="table-wrap scroll-box" tabIndex={0} role="group" aria-label="Affected services and carriers">
      <table className="pick-matrix">
        <caption className="visually-hidden">Tick each affected service and carrier</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            {regions.map((r) => (
              <th scope="col" key={r.id}>
                <span className="pick-region">
                  {r.label}
                </span>
                <label className="check pick-all">
                  <input type="checkbox" name="col" value={r.slug} checked={all(colKeys(r))} onChange={(e) => setMany(colKeys(r), e.target.checked)} aria-label={`Whole column: ${r.label}`} />
                  whole column
                </label>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {components.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <span className="pick-service">{c.name}</span>
                <label className="check pick-all">
                  <input type="checkbox" name="row" value={c.slug} checked={all(rowKeys(c))} onChange={(e) => setMany(rowKeys(c), e.target.checked)} aria-label={`Whole row: ${c.name}`} />
                  whole row
                </label>
              </th>
              {regions.map((r) => {
                const key = cellKey(c.slug, r.slug);
                return (
                  <td key={r.id}>
                    <input type="checkbox" name="cell" value={key} checked={chosen.has(key)} onChange={(e) => setMany([key], e.target.checked)} aria-label={`${c.name}, ${r.label}`} />
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
