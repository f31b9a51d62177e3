'use client';

import { useCallback, useState, useSyncExternalStore } from 'react';
import type { GridRegion } from './impact-grid';
import { useFormView, type FormView } from './region-preview';
import { formatUtc, wallTimeProblem, wallTimeToUtc } from '@/lib/domain/time';
import { ZoneSelect } from '../../_lib/zone-select';
import './carrier-texts.css';

const noSubscription = () => () => {};

interface Props {
  formId: string;
  regions: GridRegion[];
  /** Slugs of the regions the incident affects when the page is drawn. */
  initialAffected: string[];
  mainLabel: string;
  mainRequired?: boolean;
  defaultBody?: string;
  placeholder?: string;
}

/**
 * The update's main text and, in a tab per affected carrier, that carrier's own text (posted as
 * bodies_by_region[slug]; empty means the main text). Without JavaScript every field is shown.
 */
export function CarrierTexts({ formId, regions, initialAffected, mainLabel, mainRequired = true, defaultBody = '', placeholder }: Props) {
  // False in the server's HTML (every field shown, for browsers without JavaScript), true once hydrated.
  const mounted = useSyncExternalStore(noSubscription, () => true, () => false);
  const [active, setActive] = useState('main');
  const [affected, setAffected] = useState<string[]>(initialAffected);
  const [filled, setFilled] = useState<Record<string, boolean>>({});
  const onView = useCallback((view: FormView) => {
    setAffected([...new Set(view.cells.map((c) => c.region))]);
    setFilled(Object.fromEntries(Object.entries(view.bodies).map(([slug, text]) => [slug, text.trim() !== ''])));
  }, []);
  useFormView(formId, onView);
  // A carrier keeps its tab while it has text, even if it is no longer marked affected.
  const tabs = regions.filter((r) => affected.includes(r.slug) || filled[r.slug]);
  const current = active === 'main' || tabs.some((r) => r.slug === active) ? active : 'main';
  const shown = (key: string) => !mounted || current === key;
  return (
    <fieldset className="carrier-texts">
      <legend>{mainLabel}</legend>
      {mounted && tabs.length > 0 ? (
        <div role="tablist" aria-label="Text for whom" className="tabs">
          <button type="button" role="tab" id={`${formId}-tab-main`} aria-controls={`${formId}-panel-main`} aria-selected={current === 'main'} onClick={() => setActive('main')}>
            Main text
          </button>
          {tabs.map((r) => (
            <button key={r.slug} type="button" role="tab" id={`${formId}-tab-${r.slug}`} aria-controls={`${formId}-panel-${r.slug}`} aria-selected={current === r.slug} onClick={() => setActive(r.slug)}>
              {r.label}
              {filled[r.slug] ? ' ✎' : ''}
            </button>
          ))}
        </div>
      ) : null}
      <div role={mounted && tabs.length > 0 ? 'tabpanel' : undefined} id={`${formId}-panel-main`} aria-labelledby={mounted && tabs.length > 0 ? `${formId}-tab-main` : undefined} hidden={!shown('main')}>
        <label>
          Main text{tabs.length > 1 ? ', read by every carrier without its own text' : ''}
          <textarea name="body" required={mainRequired} maxLength={20000} defaultValue={defaultBody} placeholder={placeholder} />
        </label>
      </div>
      {regions.map((r) => {
        const inTabs = tabs.some((t) => t.slug === r.slug);
        return (
          <div key={r.slug} role={mounted && inTabs ? 'tabpanel' : undefined} id={`${formId}-panel-${r.slug}`} aria-labelledby={mounted && inTabs ? `${formId}-tab-${r.slug}` : undefined} hidden={mounted ? current !== r.slug : false}>
            <label>
              For {r.label} customers only (optional)
              <textarea name={`bodies_by_region[${r.slug}]`} maxLength={20000} placeholder={`Leave empty and ${r.label} customers read the main text.`} />
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

/** When the next update will come, typed on the clock of a chosen zone and read back in UTC; readers see it in their own zone. */
export function NextUpdateField({ zones, defaultZone }: { zones: readonly string[]; defaultZone: string }) {
  const [zone, setZone] = useState(defaultZone);
  const [wall, setWall] = useState('');
  const read = wall ? wallTimeToUtc(wall, zone) : null;
  const echo = !read ? null : read.ok ? `That is ${formatUtc(read.at)}` : wallTimeProblem(wall, zone, read);
  return (
    <div className="row">
      <label>
        Next update by ({zone}, optional)
        <input type="datetime-local" name="next_update_at" aria-describedby="next-update-hint" value={wall} onChange={(e) => setWall(e.target.value)} />
        <span id="next-update-hint" className="muted field-hint" aria-live="polite">
          {echo ? `${echo}. ` : ''}Shown on the page, in the feed and in notices in each reader&apos;s time zone; staff see a warning once it passes.
        </span>
      </label>
      <ZoneSelect name="next_update_zone" label="Next update time is in" zones={zones} defaultValue={defaultZone} onChange={setZone} />
    </div>
  );
}
