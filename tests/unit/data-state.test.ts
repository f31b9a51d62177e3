import { describe, expect, it } from 'vitest';
import { DATA_STATE_LABEL, DATA_STATE_WORDS, dataStateTitle, dataStatus, restoreProgress, restoreTotals } from '@/lib/domain/data-state';
import { cellLabel, cellText } from '@/lib/domain/impact-matrix';
import { DATA_STATES } from '@/lib/domain/status';

describe('the data-state vocabulary', () => {
  it('has one word for each state, and every label and title is built from it', () => {
    expect(DATA_STATE_WORDS).toEqual({ intact: 'intact', at_risk: 'at risk', lost: 'likely lost', recovering: 'being recovered', restored: 'restored' });
    for (const s of DATA_STATES) {
      expect(DATA_STATE_LABEL[s]).toBe(`data ${DATA_STATE_WORDS[s]}`);
      expect(dataStateTitle(s).toLowerCase()).toBe(DATA_STATE_WORDS[s]);
    }
    expect(dataStateTitle('lost')).toBe('Likely lost');
  });

  it('is what the public impact matrix says', () => {
    expect(cellText('major_outage', 'lost')).toBe('Major outage · data likely lost');
    expect(cellLabel('Photos', { carrier: 'Telstra', product: 'Hiptop' }, 'operational', 'recovering')).toBe('Photos, Telstra Hiptop: data being recovered');
  });
});

describe('restore counts', () => {
  it('are given for data being recovered or restored, and for lost data of which some came back', () => {
    expect(restoreProgress('recovering', 250_000, 90_000)).toBe('about 90,000 of 250,000 affected customers restored');
    expect(restoreProgress('recovering', 250_000, 0)).toBe('none of the 250,000 affected customers restored yet');
    expect(restoreProgress('restored', 33_000, 33_000)).toBe('all 33,000 affected customers restored');
    expect(restoreProgress('lost', 800_000, 1_200)).toBe('about 1,200 of 800,000 affected customers restored');
  });

  it('are never given where they mean nothing', () => {
    expect(restoreProgress('intact', 40_000, 0)).toBeNull();
    expect(restoreProgress('intact', 40_000, 40_000)).toBeNull();
    expect(restoreProgress('lost', 800_000, 0)).toBeNull();
    expect(restoreProgress('at_risk', 3_000, 0)).toBeNull();
    expect(restoreProgress('recovering', 0, 0)).toBeNull();
  });

  it('total only the services whose counts mean something', () => {
    const rows = [
      { dataState: 'recovering' as const, affectedUsers: 250_000, restoredUsers: 90_000 },
      { dataState: 'intact' as const, affectedUsers: 40_000, restoredUsers: 0 },
      { dataState: 'lost' as const, affectedUsers: 250_000, restoredUsers: 0 },
    ];
    expect(restoreTotals(rows)).toEqual({ affected: 250_000, restored: 90_000 });
    expect(restoreTotals(rows.slice(1))).toBeNull();
  });

  it('say each state plainly, with counts where they exist', () => {
    expect(dataStatus({ dataState: 'lost', affectedUsers: 250_000, restoredUsers: 0 })).toBe('likely lost; we do not expect to get it back');
    expect(dataStatus({ dataState: 'recovering', affectedUsers: 250_000, restoredUsers: 90_000 })).toBe('being recovered; about 90,000 of 250,000 affected customers restored');
    expect(dataStatus({ dataState: 'intact', affectedUsers: 40_000, restoredUsers: 0 })).toBe('intact; nothing stored was lost');
  });
});
