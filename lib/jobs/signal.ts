/**
 * A wake-up call: waiters resolve when notified or when their timeout passes. A notice that finds
 * nobody waiting is kept for the next wait, which then returns at once: a loop busy when new work
 * (or a stop) is announced looks again instead of sleeping through it.
 */
export class Signal {
  private waiters = new Set<() => void>();
  private pending = false;

  notify(): void {
    if (this.waiters.size === 0) {
      this.pending = true;
      return;
    }
    const list = [...this.waiters];
    this.waiters.clear();
    for (const w of list) w();
  }

  wait(ms: number): Promise<void> {
    return waitAny([this], ms);
  }

  /** For waitAny: takes a kept notice, if any. */
  takePending(): boolean {
    const was = this.pending;
    this.pending = false;
    return was;
  }

  /** For waitAny. */
  listen(waiter: () => void): void {
    this.waiters.add(waiter);
  }

  /** For waitAny. */
  unlisten(waiter: () => void): void {
    this.waiters.delete(waiter);
  }
}

/**
 * Resolves on the first notice from any of `signals`, or after `ms`, and stops listening to all of
 * them then. (A `Promise.race` of several waits would leave the others listening: a later notice
 * would wake a wait nobody awaits any more, instead of being kept for the next one.)
 */
export function waitAny(signals: readonly Signal[], ms: number): Promise<void> {
  if (signals.some((s) => s.takePending())) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const s of signals) s.unlisten(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of signals) s.listen(done);
  });
}

/** Counts free places; acquire waits for one. */
export class Slots {
  private waiting: (() => void)[] = [];
  private readonly size: number;
  constructor(private free: number) {
    this.size = free;
  }

  /** No slot is held: nothing is being sent, and every outcome is committed. */
  get allFree(): boolean {
    return this.free === this.size;
  }

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
