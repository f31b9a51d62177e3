import { describe, expect, it } from 'vitest';
import { defaultNoticeIncident, type NoticeTargetLike } from '@/lib/domain/notice-target';

const now = new Date('2026-11-30T12:00:00Z');
const at = (h: number) => new Date(now.getTime() + h * 3_600_000);
// As noticeTargets lists them: newest first, so the maintenance (planned ahead) comes before the outage.
const targets: NoticeTargetLike[] = [
  { id: 'maint', kind: 'maintenance', status: 'scheduled', startedAt: at(48) },
  { id: 'future-outage', kind: 'outage', status: 'investigating', startedAt: at(1) },
  { id: 'old-resolved', kind: 'outage', status: 'resolved', startedAt: at(-1) },
  { id: 'active', kind: 'data_loss', status: 'identified', startedAt: at(-30) },
  { id: 'older-active', kind: 'outage', status: 'monitoring', startedAt: at(-100) },
];

describe('defaultNoticeIncident', () => {
  it('takes the incident the agent came from', () => {
    expect(defaultNoticeIncident(targets, 'old-resolved', now)).toBe('old-resolved');
    expect(defaultNoticeIncident(targets, 'maint', now)).toBe('maint');
  });

  it('otherwise the most recently started open incident that is not maintenance and has started', () => {
    expect(defaultNoticeIncident(targets, undefined, now)).toBe('active');
    expect(defaultNoticeIncident(targets, 'no-such-id', now)).toBe('active');
    // The clock decides what "has started" means.
    expect(defaultNoticeIncident(targets, undefined, at(2))).toBe('future-outage');
    expect(defaultNoticeIncident([...targets].reverse(), undefined, now)).toBe('active');
  });

  it('falls back to the newest incident, and to nothing when there is none', () => {
    const closed = targets.filter((t) => t.kind === 'maintenance' || t.status === 'resolved');
    expect(defaultNoticeIncident(closed, undefined, now)).toBe('maint');
    expect(defaultNoticeIncident([], undefined, now)).toBe('');
  });
});
