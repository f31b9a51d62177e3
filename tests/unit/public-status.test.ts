import { describe, expect, it } from 'vitest';
import { indicatorOfStatus, isResolvedStatus, pageStatus, worstDataState, worstIndicator, worstStatus } from '@/lib/domain/status';

describe('status vocabulary', () => {
  it('orders component statuses as Statuspage does', () => {
    expect(worstStatus([])).toBe('operational');
    expect(worstStatus(['under_maintenance', 'operational'])).toBe('under_maintenance');
    expect(worstStatus(['degraded_performance', 'under_maintenance'])).toBe('degraded_performance');
    expect(worstStatus(['partial_outage', 'major_outage', 'degraded_performance'])).toBe('major_outage');
  });

  it('orders data states from intact to lost', () => {
    expect(worstDataState(['intact', 'restored'])).toBe('restored');
    expect(worstDataState(['recovering', 'restored'])).toBe('recovering');
    expect(worstDataState(['at_risk', 'recovering'])).toBe('at_risk');
    expect(worstDataState(['at_risk', 'lost', 'intact'])).toBe('lost');
  });

  it('maps statuses to indicators', () => {
    expect(indicatorOfStatus('major_outage')).toBe('critical');
    expect(indicatorOfStatus('partial_outage')).toBe('major');
    expect(indicatorOfStatus('degraded_performance')).toBe('minor');
    expect(indicatorOfStatus('under_maintenance')).toBe('none');
    expect(worstIndicator(['minor', 'critical', 'none'])).toBe('critical');
  });

  it('writes the banner sentence from components and incident impacts', () => {
    expect(pageStatus({ statuses: ['operational'], incidentImpacts: [], maintenanceInProgress: false })).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(pageStatus({ statuses: ['operational'], incidentImpacts: [], maintenanceInProgress: true }).description).toBe('Service Under Maintenance');
    expect(pageStatus({ statuses: ['degraded_performance'], incidentImpacts: [], maintenanceInProgress: false })).toEqual({ indicator: 'minor', description: 'Partially Degraded Service' });
    expect(pageStatus({ statuses: ['operational'], incidentImpacts: ['minor'], maintenanceInProgress: false })).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
    expect(pageStatus({ statuses: ['partial_outage'], incidentImpacts: ['minor'], maintenanceInProgress: false })).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(pageStatus({ statuses: ['operational'], incidentImpacts: ['critical'], maintenanceInProgress: true })).toEqual({ indicator: 'critical', description: 'Major System Outage' });
  });

  it('knows which incident statuses are final', () => {
    expect(isResolvedStatus('resolved')).toBe(true);
    expect(isResolvedStatus('postmortem')).toBe(true);
    expect(isResolvedStatus('completed')).toBe(true);
    expect(isResolvedStatus('monitoring')).toBe(false);
    expect(isResolvedStatus('in_progress')).toBe(false);
  });
});
