import { sleep } from './signal';

// The worker's outcomes are committed in groups: a write starts once `at` outcomes are waiting,
// or `waitMs` after the first one when no write is under way, so a busy worker writes a few large
// statements instead of one per message. A full group does not wait for the write ahead of it: up
// to `writes` go at once (on separate connections). A send slot is held until its outcome commits,
// and with one write at a time every slot also waited for the write before its own.

export interface GroupCommitOptions<T> {
  /** A group this large is written at once. */
  at: number;
  /** The longest an item waits for others to share its write. */
  waitMs: number;
  /** Groups written at the same time, at most. */
  writes: number;
  /** Writes one group; a failure is logged and the same group written again after `retryMs`. */
  write(items: T[]): Promise<void>;
  onError(error: Error): void;
  retryMs?: number;
}

export class GroupCommit<T> {
  private waiting: { item: T; done: () => void }[] = [];
  private running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private draining = false;

  constructor(private options: GroupCommitOptions<T>) {}

  /** Resolves once `item` is committed. */
  add(item: T): Promise<void> {
    return new Promise<void>((done) => {
      this.waiting.push({ item, done });
      this.schedule();
    });
  }

  /** Writes everything waiting, now, and resolves when every write has committed. */
  async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0 || this.running.size > 0) {
        if (this.waiting.length > 0 && this.running.size < this.options.writes) this.start();
        else await Promise.race(this.running);
      }
    } finally {
      this.draining = false;
    }
  }

  private schedule(): void {
    if (this.waiting.length === 0 || this.running.size >= this.options.writes) return;
    if (this.waiting.length >= this.options.at || this.draining) this.start();
    // A group that is not full waits for the timer only while nothing is being written: a write
    // under way gathers the next group as it goes, and small groups side by side cost more than they save.
    else if (this.running.size === 0) this.timer ??= setTimeout(() => this.start(), this.options.waitMs);
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiting.length === 0) return;
    const group = this.waiting;
    this.waiting = [];
    const run = this.commit(group).finally(() => {
      this.running.delete(run);
      this.schedule();
    });
    this.running.add(run);
  }

  private async commit(group: { item: T; done: () => void }[]): Promise<void> {
    const items = group.map((g) => g.item);
    for (;;) {
      try {
        await this.options.write(items);
        break;
      } catch (error) {
        this.options.onError(error as Error);
        await sleep(this.options.retryMs ?? 500);
      }
    }
    for (const g of group) g.done();
  }
}
