import { describe, expect, it } from 'vitest';
import {
  applyImpactChanges,
  deriveIncidentState,
  isAllowedStatus,
  mayApprove,
  needsDataLossApproval,
  noticeKindFor,
  resolutionChanges,
  type ImpactValue,
  type UpdateLike,
} from '@/lib/domain/incident-lifecycle';

const t = (min: number) => new Date(Date.UTC(2009, 9, 2, 12, min));
const cell = (over: Partial<ImpactValue> = {}): ImpactValue => ({ componentId: 'contacts', regionId: 'tmo-us', status: 'major_outage', dataState: 'at_risk', affectedUsers: 100, restoredUsers: 0, ...over });
const upd = (status: UpdateLike['status'], displayMin: number, createdMin: number, extra: Partial<UpdateLike> = {}): UpdateLike => ({ status, state: 'published', displayAt: t(displayMin), createdAt: t(createdMin), ...extra });

describe('statuses per kind', () => {
  it('keeps incident and maintenance vocabularies apart', () => {
    expect(isAllowedStatus('outage', 'identified')).toBe(true);
    expect(isAllowedStatus('data_loss', 'in_progress')).toBe(false);
    expect(isAllowedStatus('maintenance', 'in_progress')).toBe(true);
    expect(isAllowedStatus('maintenance', 'investigating')).toBe(false);
  });
});

describe('deriveIncidentState', () => {
  it('takes the latest published update by displayAt', () => {
    const s = deriveIncidentState([upd('investigating', 0, 0), upd('identified', 10, 10), upd('monitoring', 20, 20)], 'investigating');
    expect(s.status).toBe('monitoring');
    expect(s.identifiedAt).toEqual(t(10));
    expect(s.monitoringAt).toEqual(t(20));
    expect(s.resolvedAt).toBeNull();
  });

  it('does not let a back-dated update win', () => {
    // Written last (createdAt 30) but shown as having happened at minute 5.
    const s = deriveIncidentState([upd('investigating', 0, 0), upd('monitoring', 20, 20), upd('identified', 5, 30)], 'investigating');
    expect(s.status).toBe('monitoring');
    expect(s.identifiedAt).toEqual(t(5));
  });

  it('breaks a displayAt tie by createdAt', () => {
    const s = deriveIncidentState([upd('identified', 10, 12), upd('monitoring', 10, 11)], 'investigating');
    expect(s.status).toBe('identified');
  });

  it('ignores pending and rejected updates', () => {
    const s = deriveIncidentState([upd('investigating', 0, 0), upd('resolved', 10, 10, { state: 'pending_approval' }), upd('monitoring', 11, 11, { state: 'rejected' })], 'investigating');
    expect(s.status).toBe('investigating');
  });

  it('uses the fallback when nothing is published', () => {
    expect(deriveIncidentState([upd('identified', 0, 0, { state: 'pending_approval' })], 'investigating').status).toBe('investigating');
  });

  it('sets resolvedAt when closing and clears it on reopening', () => {
    const closed = deriveIncidentState([upd('investigating', 0, 0), upd('resolved', 30, 30), upd('postmortem', 40, 40)], 'investigating');
    expect(closed.resolvedAt).toEqual(t(30));
    const reopened = deriveIncidentState([upd('investigating', 0, 0), upd('resolved', 30, 30), upd('investigating', 35, 35)], 'investigating');
    expect(reopened.resolvedAt).toBeNull();
  });

  it('replays impact changes in timeline order', () => {
    const s = deriveIncidentState(
      [
        upd('investigating', 0, 0, { impactChanges: [cell()] }),
        upd('monitoring', 20, 20, { impactChanges: [cell({ status: 'degraded_performance', dataState: 'recovering', restoredUsers: 50 })] }),
        upd('identified', 5, 25, { impactChanges: [cell({ status: 'major_outage', dataState: 'at_risk' })] }),
      ],
      'investigating',
    );
    expect(s.impacts).toEqual([cell({ status: 'degraded_performance', dataState: 'recovering', restoredUsers: 50 })]);
  });
});

describe('two-person rule', () => {
  it('triggers when data is newly declared lost', () => {
    expect(needsDataLossApproval([cell()], [cell({ dataState: 'lost' })])).toBe(true);
    expect(needsDataLossApproval([], [cell({ dataState: 'lost' })])).toBe(true);
  });
  it('does not trigger when it was already lost or nothing is lost', () => {
    expect(needsDataLossApproval([cell({ dataState: 'lost' })], [cell({ dataState: 'lost', affectedUsers: 5 })])).toBe(false);
    expect(needsDataLossApproval([cell()], [cell({ dataState: 'recovering' })])).toBe(false);
  });
  it('refuses the author as approver, and anything that no person wrote', () => {
    expect(mayApprove('u1', 'u1')).toBe(false);
    expect(mayApprove('u1', undefined)).toBe(false);
    expect(mayApprove('u1', 'u2')).toBe(true);
    expect(mayApprove(null, 'u2')).toBe(false);
  });
});

describe('impacts and resolution', () => {
  it('merges changes and adds new cells', () => {
    const next = applyImpactChanges([cell()], [cell({ status: 'partial_outage' }), cell({ regionId: 'telstra-au' })]);
    expect(next).toHaveLength(2);
    expect(next[0]!.status).toBe('partial_outage');
  });
  it('returns components to operational and keeps data states', () => {
    const r = resolutionChanges([cell({ dataState: 'lost' }), cell({ regionId: 'telstra-au', dataState: 'recovering' })], [cell({ regionId: 'telstra-au', dataState: 'restored', restoredUsers: 100 })]);
    expect(r.map((i) => [i.regionId, i.status, i.dataState])).toEqual([
      ['tmo-us', 'operational', 'lost'],
      ['telstra-au', 'operational', 'restored'],
    ]);
  });
});

describe('noticeKindFor', () => {
  const base = { kind: 'outage' as const, isFirst: false, status: 'identified' as const, current: [cell()] };
  it('chooses the notice kind', () => {
    expect(noticeKindFor({ ...base, isFirst: true, current: [], changes: [cell()] })).toBe('initial');
    expect(noticeKindFor({ ...base, changes: [cell({ dataState: 'lost' })] })).toBe('data_loss');
    expect(noticeKindFor({ ...base, changes: [cell({ dataState: 'recovering' })] })).toBe('recovery');
    expect(noticeKindFor({ ...base, status: 'resolved', changes: [] })).toBe('resolved');
    expect(noticeKindFor({ ...base, changes: [cell({ status: 'partial_outage' })] })).toBe('update');
    expect(noticeKindFor({ ...base, kind: 'maintenance', status: 'in_progress', changes: [] })).toBe('maintenance');
  });
});
