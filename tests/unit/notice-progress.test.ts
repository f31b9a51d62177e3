import { describe, expect, it } from 'vitest';
import { progressByChannel } from '@/lib/domain/notice-progress';

describe('a notice’s progress per channel', () => {
  it('counts each channel in the usual order, folds suppressed into failed, and reads SMS receipts', () => {
    const lines = progressByChannel([
      { channel: 'sms', status: 'sent', receipt: 'delivered', n: 40 },
      { channel: 'sms', status: 'sent', receipt: 'expired', n: 2 },
      { channel: 'sms', status: 'sent', receipt: 'rejected', n: 1 },
      { channel: 'sms', status: 'sent', receipt: null, n: 7 },
      { channel: 'sms', status: 'pending', receipt: null, n: 5 },
      { channel: 'email', status: 'sent', receipt: null, n: 100 },
      { channel: 'email', status: 'suppressed', receipt: null, n: 3 },
      { channel: 'email', status: 'failed', receipt: null, n: 2 },
      { channel: 'email', status: 'sending', receipt: null, n: 4 },
      { channel: 'webhook', status: 'canceled', receipt: null, n: 6 },
      { channel: 'pigeon', status: 'sent', receipt: null, n: 9 },
    ]);
    expect(lines).toEqual([
      { channel: 'email', audience: 109, sent: 100, failed: 5, pending: 4, canceled: 0, receipts: null },
      { channel: 'webhook', audience: 6, sent: 0, failed: 0, pending: 0, canceled: 6, receipts: null },
      { channel: 'sms', audience: 55, sent: 50, failed: 0, pending: 5, canceled: 0, receipts: { delivered: 40, undelivered: 3, awaiting: 7 } },
    ]);
  });

  it('has no line for a channel without deliveries', () => {
    expect(progressByChannel([])).toEqual([]);
    expect(progressByChannel([{ channel: 'slack', status: 'sent', receipt: null, n: 1 }]).map((l) => l.channel)).toEqual(['slack']);
  });
});
