import type { SubscriptionOptions } from '@/lib/server/subscriptions/subscription-options';
import { NOTICE_KINDS, NOTICE_KIND_LABELS } from '@/lib/mail/templates/notice-defaults';
import { TimeZoneField } from './time-zone-field';

export interface PrefsValue {
  regions: 'all' | string[];
  components: 'all' | string[];
  noticeKinds: string[];
  timeZone: string;
}

/** Regions, services and notice kinds: the choices the subscribe and manage pages share. */
export function PrefsFields({ options, value }: { options: SubscriptionOptions; value?: PrefsValue }) {
  const regionsAll = !value || value.regions === 'all';
  const componentsAll = !value || value.components === 'all';
  const kinds = value?.noticeKinds ?? [];
  return (
    <>
      <fieldset className="sub-group">
        <legend>Your carrier</legend>
        <label className="sub-check">
          <input type="radio" name="regions_mode" value="all" defaultChecked={regionsAll} /> Every carrier and country
        </label>
        <label className="sub-check">
          <input type="radio" name="regions_mode" value="some" defaultChecked={!regionsAll} /> Only these:
        </label>
        <div className="sub-options">
          {options.regions.map((r) => (
            <label key={r.slug} className="sub-check">
              <input type="checkbox" name="regions" value={r.slug} defaultChecked={!regionsAll && value!.regions.includes(r.slug)} />
              <span>
                {r.product} on {r.carrier} <span className="sub-muted">({r.name})</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="sub-group">
        <legend>Services</legend>
        <label className="sub-check">
          <input type="radio" name="components_mode" value="all" defaultChecked={componentsAll} /> All services
        </label>
        <label className="sub-check">
          <input type="radio" name="components_mode" value="some" defaultChecked={!componentsAll} /> Only these:
        </label>
        <div className="sub-options">
          {options.components.map((c) => (
            <label key={c.slug} className="sub-check">
              <input type="checkbox" name="components" value={c.slug} defaultChecked={!componentsAll && value!.components.includes(c.slug)} />
              <span>{c.name}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="sub-group">
        <legend>Which notices</legend>
        <p className="sub-muted">Leave all unticked to receive every kind.</p>
        <div className="sub-options sub-options-inline">
          {NOTICE_KINDS.map((k) => (
            <label key={k} className="sub-check">
              <input type="checkbox" name="notice_kinds" value={k} defaultChecked={kinds.includes(k)} />
              <span>{NOTICE_KIND_LABELS[k]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <TimeZoneField initial={value?.timeZone ?? 'UTC'} />
    </>
  );
}

/** Form fields to the shape the subscription services take. */
export function prefsFromForm(fd: FormData): { regions: 'all' | string[]; components: 'all' | string[]; notice_kinds: string[]; time_zone: string } {
  const list = (name: string) => fd.getAll(name).filter((v): v is string => typeof v === 'string');
  const tz = fd.get('time_zone');
  return {
    regions: fd.get('regions_mode') === 'some' ? list('regions') : 'all',
    components: fd.get('components_mode') === 'some' ? list('components') : 'all',
    notice_kinds: list('notice_kinds'),
    time_zone: typeof tz === 'string' && tz ? tz : 'UTC',
  };
}
