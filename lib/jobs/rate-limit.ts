// Token buckets: a global send rate and one per recipient domain. Rates in messages per second;
// 0 means unlimited. The clock is passed in.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number = Math.max(1, ratePerSecond),
    now = 0,
  ) {
    this.tokens = this.burst;
    this.last = now;
  }

  /** Takes one token; returns 0 when granted, else how many ms until one is available. */
  take(now: number): number {
    if (this.ratePerSecond <= 0) return 0;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }
}

export class DomainBuckets {
  private buckets = new Map<string, TokenBucket>();
  constructor(readonly ratePerSecond: number) {}

  take(domain: string, now: number): number {
    if (this.ratePerSecond <= 0) return 0;
    let b = this.buckets.get(domain);
    if (!b) {
      if (this.buckets.size > 50_000) this.buckets.clear();
      b = new TokenBucket(this.ratePerSecond, Math.max(1, this.ratePerSecond), now);
      this.buckets.set(domain, b);
    }
    return b.take(now);
  }
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
