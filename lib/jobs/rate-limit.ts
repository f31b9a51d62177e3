// Token buckets for the delivery worker's shaping (lib/jobs/shaping.ts). Rates in messages per
// second; 0 means unlimited. The clock is passed in.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    public ratePerSecond: number,
    public burst: number = Math.max(1, ratePerSecond),
    now = 0,
    tokens = burst,
  ) {
    this.tokens = tokens;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = Math.max(this.last, now);
  }

  /** Takes one token; returns 0 when granted, else how many ms until one is available (nothing taken). */
  take(now: number): number {
    if (this.ratePerSecond <= 0) return 0;
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  /** Takes one token even into debt; returns how many ms the caller waits until it is paid. */
  reserve(now: number): number {
    if (this.ratePerSecond <= 0) return 0;
    this.refill(now);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
  }

  /** True when the bucket is full: it then behaves exactly like a new one and may be forgotten. */
  idle(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }

  /** A new rate from now on, with a burst of one second's worth; tokens earned so far are kept. */
  setRate(ratePerSecond: number, now: number): void {
    this.refill(now);
    this.ratePerSecond = ratePerSecond;
    this.burst = Math.max(1, ratePerSecond);
    this.tokens = Math.min(this.tokens, this.burst);
  }
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
