// Who receives a notice, and in which region's voice. The SQL that fans a notice out
// (lib/jobs/prepare-notice.ts) implements exactly these rules; an integration test checks that
// both agree on random data.

export interface ImpactPair {
  componentId: string;
  regionId: string;
  dataState: string;
}

/**
 * The data states a notice of this kind is about. A data-loss notice goes only where data is
 * lost, and a recovery notice only where data is coming back, so nobody is told good news (or
 * bad) that is not theirs. Other kinds go wherever the incident reaches.
 */
export const NOTICE_DATA_STATES: Readonly<Partial<Record<string, readonly string[]>>> = {
  data_loss: ['lost'],
  recovery: ['recovering', 'restored'],
};

/** The impacts a notice of this kind speaks about (the SQL fan-out applies the same filter). */
export function impactsForKind<T extends { dataState: string }>(kind: string, impacts: readonly T[]): T[] {
  const states = NOTICE_DATA_STATES[kind];
  return states ? impacts.filter((i) => states.includes(i.dataState)) : [...impacts];
}

export interface RegionOrder {
  id: string;
  slug: string;
  position: number;
}

export interface SubscriberPrefs {
  allRegions: boolean;
  regionIds: readonly string[];
  allComponents: boolean;
  componentIds: readonly string[];
  /** Comma-separated notice kinds; empty means every kind. */
  noticeKinds: string;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  pausedAt: Date | null;
  suppressed: boolean;
}

export function parseNoticeKinds(csv: string): string[] {
  return csv
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
}

export function formatNoticeKinds(kinds: readonly string[], allKinds: readonly string[]): string {
  const set = [...new Set(kinds)].filter((k) => allKinds.includes(k)).sort();
  return set.length === 0 || set.length === allKinds.length ? '' : set.join(',');
}

export function wantsKind(noticeKinds: string, kind: string): boolean {
  const kinds = parseNoticeKinds(noticeKinds);
  return kinds.length === 0 || kinds.includes(kind);
}

/** Confirmed, not unsubscribed, not paused, not on the suppression list. */
export function isReachable(s: SubscriberPrefs): boolean {
  return s.confirmedAt !== null && s.unsubscribedAt === null && s.pausedAt === null && !s.suppressed;
}

export const byRegionOrder = (a: RegionOrder, b: RegionOrder) => a.position - b.position || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/**
 * The region whose rendering a subscriber receives, or null when the notice is not for them.
 * Rule: of the regions they follow that have an impact on a component they follow, the first in
 * the page's region order (position, then slug). Each subscriber gets at most one message.
 */
export function deliveryRegion(s: SubscriberPrefs, impacts: readonly ImpactPair[], regions: readonly RegionOrder[], kind: string): string | null {
  if (!isReachable(s) || !wantsKind(s.noticeKinds, kind)) return null;
  const followsRegion = (id: string) => s.allRegions || s.regionIds.includes(id);
  const followsComponent = (id: string) => s.allComponents || s.componentIds.includes(id);
  const hit = new Set(impactsForKind(kind, impacts).filter((i) => followsRegion(i.regionId) && followsComponent(i.componentId)).map((i) => i.regionId));
  const first = [...regions].sort(byRegionOrder).find((r) => hit.has(r.id));
  return first ? first.id : null;
}

/** Regions with at least one impact this kind of notice is about: the renderings it needs. */
export function affectedRegionIds(kind: string, impacts: readonly ImpactPair[]): string[] {
  return [...new Set(impactsForKind(kind, impacts).map((i) => i.regionId))];
}
