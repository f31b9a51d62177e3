/** A wake-up call: waiters resolve when notified or when their timeout passes. */
export class Signal {
  private waiters = new Set<() => void>();

  notify(): void {
    const list = [...this.waiters];
    this.waiters.clear();
    for (const w of list) w();
  }

  wait(ms: number): Promise<void> {
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
