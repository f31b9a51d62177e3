import type { SmsReceipt } from '@/lib/channels/sms';
import { recordSmsReceipts } from '@/lib/server/sms/record-receipt';
import { smsMetrics } from '@/lib/server/metrics/catalogue';

// The worker's delivery receipts, recorded in groups: a receipt waits at most `waitMs` (or until
// `maxBatch` are waiting) and goes in with the others, one lookup and one transaction for all.
// A receipt can outrun the write of its segment's id: one that finds no segment is looked for
// once more `retryMs` later, then reported. close() records whatever waits, retries included.

export interface ReceiptBufferOptions {
  waitMs?: number;
  maxBatch?: number;
  retryMs?: number;
  /** A receipt that named no segment on both tries. */
  onUnmatched?: (receipt: SmsReceipt) => void;
  /** Recording a group failed; `retrying`: its receipts get one more try, else they are dropped. */
  onError?: (error: Error, receipts: number, retrying: boolean) => void;
}

export class SmsReceiptBuffer {
  private waiting: { receipt: SmsReceipt; tries: number }[] = [];
  private retries = new Set<{ timer: NodeJS.Timeout; items: { receipt: SmsReceipt; tries: number }[] }>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly waitMs: number;
  private readonly maxBatch: number;
  private readonly retryMs: number;

  constructor(private readonly options: ReceiptBufferOptions = {}) {
    this.waitMs = options.waitMs ?? 100;
    this.maxBatch = options.maxBatch ?? 500;
    this.retryMs = options.retryMs ?? 2000;
    smsMetrics();
  }

  add(receipt: SmsReceipt): void {
    this.push([{ receipt, tries: 0 }]);
  }

  private push(items: { receipt: SmsReceipt; tries: number }[]): void {
    this.waiting.push(...items);
    if (this.waiting.length >= this.maxBatch || this.closed) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.waitMs);
  }

  /** Records everything waiting now (after the group before it); resolves when it is written. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const take = this.waiting;
    this.waiting = [];
    if (take.length === 0) return this.running;
    this.running = this.running.then(() => this.record(take));
    return this.running;
  }

  private async record(items: { receipt: SmsReceipt; tries: number }[]): Promise<void> {
    let again: { receipt: SmsReceipt; tries: number }[];
    try {
      const { unmatched } = await recordSmsReceipts(items.map((i) => i.receipt));
      const missing = new Set(unmatched);
      const counted = smsMetrics().receipts;
      for (const i of items) if (!missing.has(i.receipt)) counted[i.receipt.state].inc();
      const tries = new Map(items.map((i) => [i.receipt, i.tries]));
      again = unmatched.map((receipt) => ({ receipt, tries: tries.get(receipt)! + 1 }));
    } catch (error) {
      const retrying = items.filter((i) => i.tries === 0);
      this.options.onError?.(error as Error, items.length, retrying.length > 0);
      again = retrying.map((i) => ({ ...i, tries: 1 }));
    }
    const lost = again.filter((i) => i.tries > 1);
    for (const i of lost) {
      smsMetrics().receipts.unmatched.inc();
      this.options.onUnmatched?.(i.receipt);
    }
    const retry = again.filter((i) => i.tries <= 1);
    if (retry.length === 0) return;
    if (this.closed) return void this.waiting.push(...retry);
    const entry = {
      items: retry,
      timer: setTimeout(() => {
        this.retries.delete(entry);
        this.push(entry.items);
      }, this.retryMs),
    };
    this.retries.add(entry);
  }

  /** Records what waits and tries the unmatched ones a last time now (no more receipts come). */
  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.retries) {
      clearTimeout(r.timer);
      this.waiting.push(...r.items);
    }
    this.retries.clear();
    await this.flush();
    // Receipts a final try found unmatched for the first time get their second try here, at once.
    await this.flush();
  }
}
