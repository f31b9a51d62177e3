// The arithmetic of adaptive shaping, after TCP's congestion control and Postfix's destination
// concurrency feedback: additive increase, multiplicative decrease. Pure; the clock is passed in.

export interface AimdTuning {
  /** The lowest rate, in messages per second: a slowed destination is still probed this often. */
  floor: number;
  /** At most one halving per this many ms (and only for messages sent after the last one: older replies are not news). */
  decreaseEveryMs: number;
  /** Back from half the ceiling to the ceiling in about this many seconds of sending... */
  recoverySeconds: number;
  /** ...but gaining at least this many messages per second each second, so a low ceiling is left quickly. */
  minStep: number;
  /** The limit is lifted (unlimited again) once the rate reaches this multiple of the ceiling. */
  liftAt: number;
}

export const DOMAIN_AIMD: AimdTuning = { floor: 0.2, decreaseEveryMs: 250, recoverySeconds: 5, minStep: 2, liftAt: 2 };
/** The whole transport waits in its send slots, so its floor bounds how long a stop can take. */
export const TRANSPORT_AIMD: AimdTuning = { floor: 1, decreaseEveryMs: 250, recoverySeconds: 5, minStep: 2, liftAt: 2 };

/** The allowed rate of one destination after it said "slow down". */
export class AimdLimit {
  rate: number;
  /** The rate at which the last "slow down" came. */
  ceiling: number;
  /** Additive increase, in messages per second gained per second of sending at the allowed rate. */
  step: number;
  private lastDecrease: number;

  /** Starts at half the rate observed when the first "slow down" came. */
  constructor(
    observedRate: number,
    now: number,
    readonly tuning: AimdTuning = DOMAIN_AIMD,
  ) {
    this.ceiling = Math.max(observedRate, tuning.floor);
    this.rate = Math.max(tuning.floor, observedRate / 2);
    this.step = this.stepFor(this.ceiling);
    this.lastDecrease = now;
  }

  private stepFor(ceiling: number): number {
    return Math.max(this.tuning.minStep, ceiling / this.tuning.recoverySeconds);
  }

  /** Another "slow down" for a message sent at `sentAt`: halves the rate, at most once per decreaseEveryMs. True if it changed. */
  slowDown(now: number, sentAt = now): boolean {
    if (sentAt < this.lastDecrease || now - this.lastDecrease < this.tuning.decreaseEveryMs) return false;
    this.ceiling = this.rate;
    this.rate = Math.max(this.tuning.floor, this.rate / 2);
    this.step = this.stepFor(this.ceiling);
    this.lastDecrease = now;
    return true;
  }

  /** Seconds of accepting at the allowed rate until the limit is lifted. */
  secondsToLift(): number {
    return Math.max(0, (this.tuning.liftAt * this.ceiling - this.rate) / this.step);
  }

  /** An accepted message: `step` per second at the allowed rate, so step/rate each. True once the limit can be lifted. */
  accepted(): boolean {
    this.rate += this.step / Math.max(1, this.rate);
    return this.rate >= this.tuning.liftAt * this.ceiling;
  }
}

/**
 * Messages per second per key over the last second, from two one-second generations of counts
 * (the older one weighted by how much of it still lies within the last second). Memory holds
 * only keys seen in the last two seconds, and at most maxKeys new keys per second.
 */
export class RecentRates {
  private cur = new Map<string, number>();
  private prev = new Map<string, number>();
  private start: number;
  total = 0;
  private prevTotal = 0;

  constructor(
    now = 0,
    private readonly maxKeys = 20_000,
  ) {
    this.start = now;
  }

  private roll(now: number): void {
    if (now - this.start < 1000) return;
    const gap = now - this.start >= 2000;
    this.prev = gap ? new Map() : this.cur;
    this.prevTotal = gap ? 0 : this.total;
    this.cur = new Map();
    this.total = 0;
    this.start = gap ? now : this.start + 1000;
  }

  count(key: string, now: number): void {
    this.roll(now);
    this.total += 1;
    const n = this.cur.get(key);
    if (n !== undefined) this.cur.set(key, n + 1);
    else if (this.cur.size < this.maxKeys) this.cur.set(key, 1);
  }

  rate(key: string | null, now: number): number {
    this.roll(now);
    const weight = Math.max(0, 1 - (now - this.start) / 1000);
    if (key === null) return this.prevTotal * weight + this.total;
    return (this.prev.get(key) ?? 0) * weight + (this.cur.get(key) ?? 0);
  }
}
