import { restoreProgress } from '@/lib/domain/data-state';
import type { ComponentStatus, DataState, IncidentImpactLevel, IncidentStatus, Indicator, PageStatus } from '@/lib/domain/status';
import type { MessageKey } from '@/lib/i18n/catalogs';
import type { Translator } from '@/lib/i18n/t';

// The domain's words (lib/domain/status.ts, data-state.ts) as catalog keys, so the public pages say
// them in the reader's language. Keys are written out in full: the catalog check finds them by name.

const PAGE_STATUS: Record<string, MessageKey> = {
  'All Systems Operational': 'page.allOperational',
  'Service Under Maintenance': 'page.maintenance',
  'Partially Degraded Service': 'page.degraded',
  'Minor Service Outage': 'page.minorOutage',
  'Partial System Outage': 'page.partialOutage',
  'Major System Outage': 'page.majorOutage',
};
const INDICATOR: Record<Indicator, MessageKey> = { none: 'indicator.none', minor: 'indicator.minor', major: 'indicator.major', critical: 'indicator.critical' };
const COMPONENT: Record<ComponentStatus, MessageKey> = {
  operational: 'component.operational',
  under_maintenance: 'component.under_maintenance',
  degraded_performance: 'component.degraded_performance',
  partial_outage: 'component.partial_outage',
  major_outage: 'component.major_outage',
};
/** The same inside a sentence ("Contacts: major outage"), where English and French lower the case and German does not. */
const COMPONENT_INLINE: Record<ComponentStatus, MessageKey> = {
  operational: 'componentInline.operational',
  under_maintenance: 'componentInline.under_maintenance',
  degraded_performance: 'componentInline.degraded_performance',
  partial_outage: 'componentInline.partial_outage',
  major_outage: 'componentInline.major_outage',
};
const INCIDENT: Record<IncidentStatus, MessageKey> = {
  investigating: 'incident.investigating',
  identified: 'incident.identified',
  monitoring: 'incident.monitoring',
  resolved: 'incident.resolved',
  postmortem: 'incident.postmortem',
  scheduled: 'incident.scheduled',
  in_progress: 'incident.in_progress',
  verifying: 'incident.verifying',
  completed: 'incident.completed',
};
const IMPACT: Record<IncidentImpactLevel, MessageKey> = { none: 'impact.none', minor: 'impact.minor', major: 'impact.major', critical: 'impact.critical' };
const DATA: Record<DataState, MessageKey> = { intact: 'data.intact', at_risk: 'data.at_risk', lost: 'data.lost', recovering: 'data.recovering', restored: 'data.restored' };

/** The page's overall sentence ("All Systems Operational") in the reader's language. */
export const pageStatusText = (tr: Translator, s: PageStatus): string => {
  const key = PAGE_STATUS[s.description];
  return key ? tr.t(key) : s.description;
};
export const indicatorText = (tr: Translator, i: Indicator, maintenance: boolean): string => tr.t(maintenance ? 'indicator.maintenance' : INDICATOR[i]);
export const componentStatusText = (tr: Translator, s: ComponentStatus): string => tr.t(COMPONENT[s]);
export const componentStatusInline = (tr: Translator, s: ComponentStatus): string => tr.t(COMPONENT_INLINE[s]);
export const incidentStatusText = (tr: Translator, s: IncidentStatus): string => tr.t(INCIDENT[s]);
export const impactText = (tr: Translator, i: IncidentImpactLevel): string => tr.t(IMPACT[i]);
/** "data likely lost" (lib/domain/data-state.ts DATA_STATE_LABEL) in the reader's language. */
export const dataStateText = (tr: Translator, s: DataState): string => tr.t(DATA[s]);

/** "about 90,000 of 250,000 affected customers restored" (data-state.ts restoredPhrase), localized. */
export function restoredText(tr: Translator, affected: number, restored: number): string {
  if (restored >= affected) return tr.t('restore.all', { affected });
  if (restored <= 0) return tr.t('restore.none', { affected });
  return tr.t('restore.some', { affected, restored });
}

/** An impact-matrix cell: visible text and its full label. */
export function cellWords(tr: Translator, service: string, audience: string, status: ComponentStatus, data: DataState): { text: string; label: string } {
  const s = componentStatusText(tr, status);
  const text = data === 'intact' ? s : `${s} · ${dataStateText(tr, data)}`;
  const parts = [status === 'operational' && data !== 'intact' ? null : componentStatusInline(tr, status), data === 'intact' ? null : dataStateText(tr, data)];
  return { text, label: tr.t('matrix.cellLabel', { service, audience, state: parts.filter(Boolean).join(', ') }) };
}

/** "2 h 5 min", in the reader's units. */
export function durationText(tr: Translator, ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return tr.t('duration.min', { minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest ? tr.t('duration.hoursMin', { hours, minutes: rest }) : tr.t('duration.hours', { hours });
  const days = Math.floor(hours / 24);
  return hours % 24 ? tr.t('duration.daysHours', { days, hours: hours % 24 }) : tr.t('duration.days', { days });
}

/** Percent formats per locale: whole and with two decimals (made once: a snapshot formats thousands of uptime days). */
const percentFormats = new Map<string, { whole: Intl.NumberFormat; hundredths: Intl.NumberFormat }>();
export function percentFormat(locale: string): { whole: Intl.NumberFormat; hundredths: Intl.NumberFormat } {
  let formats = percentFormats.get(locale);
  if (!formats) {
    formats = { whole: new Intl.NumberFormat(locale, { style: 'percent' }), hundredths: new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }) };
    percentFormats.set(locale, formats);
  }
  return formats;
}

/** Uptime as a percentage, floored to two decimals so 99.999% never reads as 100%. */
export function uptimeText(tr: Translator, fraction: number): string {
  const { whole, hundredths } = percentFormat(tr.locale);
  if (fraction >= 1) return whole.format(1);
  return hundredths.format(Math.floor(fraction * 10_000) / 10_000);
}

/** Restore progress where it means something (data-state.ts restoreProgress), localized; null where it does not. */
export function restoreProgressText(tr: Translator, state: DataState, affected: number, restored: number): string | null {
  return restoreProgress(state, affected, restored) === null ? null : restoredText(tr, affected, restored);
}
