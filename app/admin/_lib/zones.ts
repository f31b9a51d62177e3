import { isValidTimeZone } from '@/lib/domain/time';

/** The zone console times are typed in unless staff pick another: the page's, else the first region's. */
export function defaultZone(pageZone: string, regions: readonly { timeZone: string }[]): string {
  return [pageZone, ...regions.map((r) => r.timeZone)].find(isValidTimeZone) ?? 'UTC';
}

/** Zones offered: UTC, the page's, each region's, and `chosen` (e.g. from the address) when valid. */
export function zoneChoices(pageZone: string, regions: readonly { timeZone: string }[], chosen?: string): string[] {
  return [...new Set(['UTC', pageZone, ...regions.map((r) => r.timeZone), ...(chosen ? [chosen] : [])])].filter(isValidTimeZone);
}
