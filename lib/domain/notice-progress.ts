import { UNDELIVERED_RECEIPT_STATES } from '@/lib/channels/sms/receipt';
import { CHANNELS, type Channel } from '@/lib/channels/types';

// A notice's deliveries counted per channel, and for SMS what the phones' delivery receipts said.
// Pure: the rows are the database's counts grouped by channel, status and receipt state.

export interface ProgressCountRow {
  channel: string;
  status: string;
  receipt: string | null;
  n: number;
}

export interface ChannelProgress {
  channel: Channel;
  audience: number;
  sent: number;
  /** Failed or suppressed (refused by policy before sending). */
  failed: number;
  /** Waiting or being sent. */
  pending: number;
  canceled: number;
  /** SMS only: of the texts sent, how many the phones confirmed, how many they reported undelivered, and how many have no receipt yet. */
  receipts: { delivered: number; undelivered: number; awaiting: number } | null;
}

/** One line per channel that has deliveries, in the channels' usual order. */
export function progressByChannel(rows: readonly ProgressCountRow[]): ChannelProgress[] {
  const by = new Map<Channel, ChannelProgress>();
  for (const r of rows) {
    const channel = (CHANNELS as readonly string[]).includes(r.channel) ? (r.channel as Channel) : null;
    if (!channel) continue;
    let p = by.get(channel);
    if (!p) {
      p = { channel, audience: 0, sent: 0, failed: 0, pending: 0, canceled: 0, receipts: channel === 'sms' ? { delivered: 0, undelivered: 0, awaiting: 0 } : null };
      by.set(channel, p);
    }
    p.audience += r.n;
    if (r.status === 'sent') {
      p.sent += r.n;
      if (p.receipts) {
        if (r.receipt === 'delivered') p.receipts.delivered += r.n;
        else if (r.receipt !== null && UNDELIVERED_RECEIPT_STATES.has(r.receipt)) p.receipts.undelivered += r.n;
        else p.receipts.awaiting += r.n;
      }
    } else if (r.status === 'failed' || r.status === 'suppressed') p.failed += r.n;
    else if (r.status === 'pending' || r.status === 'sending') p.pending += r.n;
    else if (r.status === 'canceled') p.canceled += r.n;
  }
  return CHANNELS.flatMap((c) => (by.has(c) ? [by.get(c)!] : []));
}
