import type { SubscriptionOptions } from '@/lib/server/subscriptions/subscription-options';
import { NOTICE_KINDS, NOTICE_KIND_LABELS } from '@/lib/mail/templates/notice-defaults';
import type { PrefsValue } from '../_lib/prefs-form';
import { OnlyThese } from './only-these';
import { TimeZoneField } from './time-zone-field';

/**
 * Regions, services, notice kinds and time zone: the choices the subscribe and manage pages share.
 * `detectZone` lets the browser's zone replace the prefilled one (subscribing, not managing).
 */
export function PrefsFields({ options, value, detectZone = false }: { options: SubscriptionOptions; value: PrefsValue; detectZone?: boolean }) {
  const regionsAll = value.regions === 'all';
  const componentsAll = value.components === 'all';
  return (
    <>
      <OnlyThese legend="Your carrier">
        <label className="sub-check">
          <input type="radio" name="regions_mode" value="all" defaultChecked={regionsAll} /> Every carrier and country
        </label>
        <label className="sub-check">
          <input type="radio" name="regions_mode" value="some" defaultChecked={!regionsAll} /> Only these:
        </label>
        <div className="sub-options">
          {options.regions.map((r) => (
            <label key={r.slug} className="sub-check">
              <input type="checkbox" name="regions" value={r.slug} defaultChecked={value.regions !== 'all' && value.regions.includes(r.slug)} />
              <span>
                {r.product} on {r.carrier} <span className="sub-muted">({r.name})</span>
              </span>
            </label>
          ))}
        </div>
      </OnlyThese>
      <OnlyThese legend="Services">
        <label className="sub-check">
          <input type="radio" name="components_mode" value="all" defaultChecked={componentsAll} /> All services
        </label>
        <label className="sub-check">
          <input type="radio" name="components_mode" value="some" defaultChecked={!componentsAll} /> Only these:
        </label>
        <div className="sub-options">
          {options.components.map((c) => (
            <label key={c.slug} className="sub-check">
              <input type="checkbox" name="components" value={c.slug} defaultChecked={value.components !== 'all' && value.components.includes(c.slug)} />
              <span>{c.name}</span>
            </label>
          ))}
        </div>
      </OnlyThese>
      <fieldset className="sub-group">
        <legend>Which notices</legend>
        <p className="sub-muted">Leave all unticked to receive every kind.</p>
        <div className="sub-options sub-options-inline">
          {NOTICE_KINDS.map((k) => (
            <label key={k} className="sub-check">
              <input type="checkbox" name="notice_kinds" value={k} defaultChecked={value.noticeKinds.includes(k)} />
              <span>{NOTICE_KIND_LABELS[k]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <TimeZoneField initial={value.timeZone} zones={options.timeZones} detect={detectZone} />
    </>
  );
}
