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
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}

/** Counts free places; acquire waits for one. */
export class Slots {
  private waiting: (() => void)[] = [];
  constructor(private free: number) {}

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
