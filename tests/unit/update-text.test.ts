import { describe, expect, it } from 'vitest';
import { bodyForRegion, carrierNameWarnings, currentPromise, describeCarrierWarning, isOverdue, nonEmptyBodies } from '@/lib/domain/update-text';
import { demoRegions } from '@/prisma/seed/demo-catalogue';

const regions = demoRegions.map((r) => ({ id: r.slug, slug: r.slug, name: r.name, carrier: r.carrier, product: r.product }));
const [tmobile, telstra, rogers] = ['tmobile-us', 'telstra-au', 'rogers-ca'];

describe('bodyForRegion', () => {
  const update = { body: 'Main', bodies: { [telstra!]: 'For Telstra', [rogers!]: '  ' } };
  it("uses the region's own text when it has one", () => expect(bodyForRegion(update, telstra)).toBe('For Telstra'));
  it('falls back to the main text without one, with a blank one, or without a region', () => {
    expect(bodyForRegion(update, tmobile)).toBe('Main');
    expect(bodyForRegion(update, rogers)).toBe('Main');
    expect(bodyForRegion(update, null)).toBe('Main');
    expect(bodyForRegion({ body: 'Only' }, telstra)).toBe('Only');
  });
  it('drops empty texts', () => expect(nonEmptyBodies({ a: ' x ', b: '', c: '  ' })).toEqual({ a: 'x' }));
});

describe('carrierNameWarnings', () => {
  const check = (body: string, bodiesByRegionId: Record<string, string>, affected: string[]) => carrierNameWarnings({ body, bodiesByRegionId, affectedRegionIds: affected, regions });

  it('warns when a main text read by two carriers names one of them', () => {
    const w = check('For Telstra Hiptop customers, photos are likely lost.', {}, [tmobile!, telstra!]);
    expect(w).toEqual([{ field: 'body', readerId: tmobile, names: ['Telstra', 'Hiptop'] }]);
    expect(describeCarrierWarning(w[0]!, regions)).toBe('The main text names "Telstra" and "Hiptop", which T-Mobile Sidekick customers will read.');
  });
  it('reports the longer name when a region name contains its carrier', () => {
    expect(check('Restoring continues at T-Mobile US.', {}, [tmobile!, telstra!])).toEqual([{ field: 'body', readerId: telstra, names: ['T-Mobile US'] }]);
  });
  it('finds names in any case, plural or possessive, but not inside other words', () => {
    expect(check("all hiptops and Telstra's", {}, [tmobile!])[0]?.names).toEqual(['Telstra', 'Hiptop']);
    expect(check('Roger that: the Hiptopia team', {}, [tmobile!])).toEqual([]);
  });
  it('does not warn about neutral text, nor about a name only its own readers see', () => {
    expect(check('Photos are not syncing. We are on it.', {}, [tmobile!, telstra!])).toEqual([]);
    expect(check('Sidekick photos are not syncing.', {}, [tmobile!])).toEqual([]);
    // Rogers also sells the Sidekick: the product is theirs too.
    expect(check('Sidekick photos are not syncing.', {}, [tmobile!, rogers!])).toEqual([]);
  });
  it('skips the main text for a region that has its own, and checks that text instead', () => {
    expect(check('Telstra: restore is slow.', { [telstra!]: 'Hiptop photos are being restored.' }, [telstra!])).toEqual([]);
    expect(check('Photos are being restored.', { [telstra!]: 'Unlike T-Mobile customers, yours are lost.' }, [telstra!, tmobile!])).toEqual([{ field: 'bodies_by_region.telstra-au', readerId: telstra, names: ['T-Mobile'] }]);
  });
});

describe('next update promise', () => {
  const at = (iso: string) => new Date(iso);
  it('is the latest update’s, withdrawn by a later update without one, and none once resolved', () => {
    const first = { displayAt: at('2009-10-10T08:00:00Z'), nextUpdateAt: at('2009-10-11T08:00:00Z') };
    const later = { displayAt: at('2009-10-10T12:00:00Z'), nextUpdateAt: at('2009-10-10T18:00:00Z') };
    expect(currentPromise([first, later], false)).toEqual(later.nextUpdateAt);
    // Order by shown time, not by position: a back-dated update does not replace the promise.
    expect(currentPromise([later, { displayAt: at('2009-10-10T09:00:00Z'), nextUpdateAt: null }], false)).toEqual(later.nextUpdateAt);
    expect(currentPromise([first, { displayAt: at('2009-10-10T13:00:00Z'), nextUpdateAt: null }], false)).toBeNull();
    expect(currentPromise([first, later], true)).toBeNull();
    expect(currentPromise([], false)).toBeNull();
  });
  it('is overdue only after the promised time', () => {
    const promised = '2009-10-10T18:00:00.000Z';
    expect(isOverdue(promised, at('2009-10-10T17:59:59Z'))).toBe(false);
    expect(isOverdue(promised, at('2009-10-10T18:00:00Z'))).toBe(false);
    expect(isOverdue(promised, at('2009-10-10T18:00:01Z'))).toBe(true);
    expect(isOverdue(null, at('2030-01-01T00:00:00Z'))).toBe(false);
  });
});
