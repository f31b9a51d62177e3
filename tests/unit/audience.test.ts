import { describe, expect, it } from 'vitest';
import { affectedRegionIds, deliveryRegion, formatNoticeKinds, isReachable, wantsKind, type SubscriberPrefs } from '@/lib/domain/audience';

const now = new Date('2009-10-10T00:00:00Z');
const regions = [
  { id: 'au', slug: 'au-telstra', position: 2 },
  { id: 'us', slug: 'us-tmobile', position: 1 },
  { id: 'uk', slug: 'uk-tmobile', position: 3 },
];
const impacts = [
  { componentId: 'contacts', regionId: 'us', dataState: 'lost' },
  { componentId: 'calendar', regionId: 'us', dataState: 'recovering' },
  { componentId: 'contacts', regionId: 'au', dataState: 'lost' },
  { componentId: 'photos', regionId: 'au', dataState: 'at_risk' },
];
const sub = (over: Partial<SubscriberPrefs> = {}): SubscriberPrefs => ({
  allRegions: true,
  regionIds: [],
  allComponents: true,
  componentIds: [],
  noticeKinds: '',
  confirmedAt: now,
  unsubscribedAt: null,
  pausedAt: null,
  suppressed: false,
  ...over,
});

describe('notices about data', () => {
  it('send a recovery notice only where data is coming back, and a data-loss notice only where it is lost', () => {
    expect(affectedRegionIds('recovery', impacts)).toEqual(['us']);
    expect(affectedRegionIds('data_loss', impacts).sort()).toEqual(['au', 'us']);
    expect(affectedRegionIds('update', impacts).sort()).toEqual(['au', 'us']);
    expect(deliveryRegion(sub({ allRegions: false, regionIds: ['au'] }), impacts, regions, 'recovery')).toBeNull();
    expect(deliveryRegion(sub({ allComponents: false, componentIds: ['calendar'] }), impacts, regions, 'data_loss')).toBeNull();
    expect(deliveryRegion(sub({ allComponents: false, componentIds: ['photos'] }), impacts, regions, 'data_loss')).toBeNull();
    expect(deliveryRegion(sub({ allComponents: false, componentIds: ['calendar'] }), impacts, regions, 'recovery')).toBe('us');
  });
});

describe('deliveryRegion', () => {
  it('gives an all-regions subscriber the first affected region in page order', () => {
    expect(deliveryRegion(sub(), impacts, regions, 'data_loss')).toBe('us');
  });
  it('uses the region the subscriber chose when it is affected', () => {
    expect(deliveryRegion(sub({ allRegions: false, regionIds: ['au'] }), impacts, regions, 'data_loss')).toBe('au');
  });
  it('skips a chosen region without impact', () => {
    expect(deliveryRegion(sub({ allRegions: false, regionIds: ['uk'] }), impacts, regions, 'data_loss')).toBeNull();
  });
  it('needs a followed component impacted in a followed region', () => {
    expect(deliveryRegion(sub({ allComponents: false, componentIds: ['photos'] }), impacts, regions, 'update')).toBe('au');
    expect(deliveryRegion(sub({ allRegions: false, regionIds: ['us'], allComponents: false, componentIds: ['photos'] }), impacts, regions, 'update')).toBeNull();
  });
  it('honours the notice kinds a subscriber wants', () => {
    expect(deliveryRegion(sub({ noticeKinds: 'resolved,recovery' }), impacts, regions, 'update')).toBeNull();
    expect(deliveryRegion(sub({ noticeKinds: 'resolved,recovery' }), impacts, regions, 'recovery')).toBe('us');
  });
  it('leaves out unconfirmed, unsubscribed, paused and suppressed addresses', () => {
    for (const over of [{ confirmedAt: null }, { unsubscribedAt: now }, { pausedAt: now }, { suppressed: true }]) {
      expect(isReachable(sub(over))).toBe(false);
      expect(deliveryRegion(sub(over), impacts, regions, 'update')).toBeNull();
    }
  });
  it('finds nobody when the incident has no impacts', () => {
    expect(deliveryRegion(sub(), [], regions, 'update')).toBeNull();
  });
});

describe('notice kinds', () => {
  const all = ['initial', 'update', 'resolved'];
  it('stores every kind or none as empty (all)', () => {
    expect(formatNoticeKinds([], all)).toBe('');
    expect(formatNoticeKinds(all, all)).toBe('');
    expect(formatNoticeKinds(['resolved', 'initial', 'bogus', 'initial'], all)).toBe('initial,resolved');
  });
  it('matches whole kinds only', () => {
    expect(wantsKind('data_loss', 'data_loss')).toBe(true);
    expect(wantsKind('data_loss', 'loss')).toBe(false);
    expect(wantsKind('', 'anything')).toBe(true);
  });
});
