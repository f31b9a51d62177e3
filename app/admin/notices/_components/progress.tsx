'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { CHANNEL_LABELS } from '@/lib/channels/types';
import type { ChannelProgress } from '@/lib/domain/notice-progress';

export interface ProgressData {
  status: string;
  audience: number;
  sent: number;
  failed: number;
  pending: number;
  suppressed: number;
  canceled: number;
  byChannel: ChannelProgress[];
}

const count = (n: number) => n.toLocaleString('en-US');

/** Per channel, once a notice goes out on more than e-mail; for SMS, what the phones' receipts said. */
function ByChannel({ lines }: { lines: ChannelProgress[] }) {
  if (lines.length === 0 || (lines.length === 1 && lines[0]!.channel === 'email')) return null;
  const canceled = lines.some((l) => l.canceled > 0);
  return (
    <div className="table-wrap scroll-box" tabIndex={0} role="group" aria-label="Delivery by channel, scrolls sideways on a narrow screen">
      <table aria-label="Delivery by channel" className="by-channel">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Audience</th>
            <th scope="col">Sent</th>
            <th scope="col">Failed</th>
            <th scope="col">Pending</th>
            {canceled ? <th scope="col">Canceled</th> : null}
            <th scope="col">Receipts from phones</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.channel} data-channel={l.channel}>
              <th scope="row">{CHANNEL_LABELS[l.channel]}</th>
              <td>{count(l.audience)}</td>
              <td>{count(l.sent)}</td>
              <td>{count(l.failed)}</td>
              <td>{count(l.pending)}</td>
              {canceled ? <td>{count(l.canceled)}</td> : null}
              <td>{l.receipts ? `${count(l.receipts.delivered)} delivered, ${count(l.receipts.undelivered)} not delivered, ${count(l.receipts.awaiting)} awaiting` : <span className="muted">none on this channel</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const ACTIVE = new Set(['queued', 'sending', 'paused']);
/** Looks for receipts after sending, 5 s apart: ten minutes (an SMSC may never send some; a reload looks again). */
const RECEIPT_LOOKS = 120;

/**
 * Sent / failed / pending with a bar; refreshes itself every second while the notice is active,
 * then every 5 s for up to ten minutes while texts wait for their receipts.
 * When the status changes (say, every message is sent), the whole page is refreshed, so its
 * buttons and previews match the stored state too.
 */
export function NoticeProgress({ id, initial }: { id: string; initial: ProgressData }) {
  const [p, setP] = useState(initial);
  const receiptLooks = useRef(0);
  const router = useRouter();
  useEffect(() => {
    if (p.status !== initial.status) {
      router.refresh();
      return;
    }
    // Once every text is sent, receipts from the phones keep coming: look every few seconds until none is awaited.
    const awaitingReceipts = p.byChannel.some((l) => (l.receipts?.awaiting ?? 0) > 0);
    if (!ACTIVE.has(p.status)) {
      if (!awaitingReceipts || receiptLooks.current >= RECEIPT_LOOKS) return;
      receiptLooks.current += 1;
    }
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/admin/notices/${encodeURIComponent(id)}/progress`, { cache: 'no-store' });
        if (res.ok) setP((await res.json()) as ProgressData);
      } catch {
        // try again on the next tick
      }
    }, ACTIVE.has(p.status) ? 1000 : 5000);
    return () => clearTimeout(timer);
  }, [id, p, initial.status, router]);
  const total = Math.max(1, p.audience);
  const pct = (n: number) => `${((n / total) * 100).toFixed(1)}%`;
  const done = p.sent + p.failed + p.suppressed + p.canceled;
  return (
    <div className="notice-progress" aria-live="polite">
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={p.audience} aria-valuenow={done} aria-label="Delivery progress">
        <span className="progress-sent" style={{ width: pct(p.sent) }} />
        <span className="progress-failed" style={{ width: pct(p.failed + p.suppressed) }} />
      </div>
      <dl className="progress-counts">
        <div>
          <dt>Status</dt>
          <dd data-testid="notice-status">{p.status.replace('_', ' ')}</dd>
        </div>
        <div>
          <dt>Audience</dt>
          <dd>{p.audience.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd data-testid="notice-sent">{count(p.sent)}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd>{(p.failed + p.suppressed).toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>Pending</dt>
          <dd>{p.pending.toLocaleString('en-US')}</dd>
        </div>
        {p.canceled > 0 ? (
          <div>
            <dt>Canceled</dt>
            <dd>{p.canceled.toLocaleString('en-US')}</dd>
          </div>
        ) : null}
      </dl>
      <ByChannel lines={p.byChannel} />
    </div>
  );
}
