import type { SubscriptionOptions } from '@/lib/server/subscriptions/subscription-options';
import { NOTICE_KINDS } from '@/lib/mail/templates/notice-defaults';
import type { Translator } from '@/lib/i18n/t';
import type { PrefsValue } from '../_lib/prefs-form';
import { OnlyThese } from './only-these';
import { TimeZoneField } from './time-zone-field';

/**
 * Regions, services, notice kinds and time zone: the choices the subscribe and manage pages share.
 * `detectZone` lets the browser's zone replace the prefilled one (subscribing, not managing).
 */
export function PrefsFields({ tr, options, value, detectZone = false }: { tr: Translator; options: SubscriptionOptions; value: PrefsValue; detectZone?: boolean }) {
  // Written out so that each catalog key appears in the source (the completeness check looks for it).
  const kindLabel: Record<string, string> = {
    initial: tr.t('subscribe.kind.initial'),
    update: tr.t('subscribe.kind.update'),
    apology: tr.t('subscribe.kind.apology'),
    data_loss: tr.t('subscribe.kind.data_loss'),
    recovery: tr.t('subscribe.kind.recovery'),
    resolved: tr.t('subscribe.kind.resolved'),
    maintenance: tr.t('subscribe.kind.maintenance'),
  };
  const regionsAll = value.regions === 'all';
  const componentsAll = value.components === 'all';
  return (
    <>
      <OnlyThese legend={tr.t('subscribe.carrier')}>
        <label className="sub-check">
          <input type="radio" name="regions_mode" value="all" defaultChecked={regionsAll} /> {tr.t('subscribe.everyCarrier')}
        </label>
        <label className="sub-check">
          <input type="radio" name="regions_mode" value="some" defaultChecked={!regionsAll} /> {tr.t('subscribe.onlyThese')}
        </label>
        <div className="sub-options">
          {options.regions.map((r) => (
            <label key={r.slug} className="sub-check">
              <input type="checkbox" name="regions" value={r.slug} defaultChecked={value.regions !== 'all' && value.regions.includes(r.slug)} />
              <span>
                {tr.t('subscribe.back', { product: r.product, carrier: r.carrier })} <span className="sub-muted">({r.name})</span>
              </span>
            </label>
          ))}
        </div>
      </OnlyThese>
      <OnlyThese legend={tr.t('subscribe.services')}>
        <label className="sub-check">
          <input type="radio" name="components_mode" value="all" defaultChecked={componentsAll} /> {tr.t('subscribe.allServices')}
        </label>
        <label className="sub-check">
          <input type="radio" name="components_mode" value="some" defaultChecked={!componentsAll} /> {tr.t('subscribe.onlyThese')}
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
        <legend>{tr.t('subscribe.kinds')}</legend>
        <p className="sub-muted">{tr.t('subscribe.kindsHelp')}</p>
        <div className="sub-options sub-options-inline">
          {NOTICE_KINDS.map((k) => (
            <label key={k} className="sub-check">
              <input type="checkbox" name="notice_kinds" value={k} defaultChecked={value.noticeKinds.includes(k)} />
              <span>{kindLabel[k] ?? k}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <TimeZoneField label={tr.t('subscribe.timeZone')} initial={value.timeZone} zones={options.timeZones} detect={detectZone} />
    </>
  );
}
