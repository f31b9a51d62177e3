import { AimdLimit, DOMAIN_AIMD, RecentRates, TRANSPORT_AIMD } from './shaping-aimd';
import { TokenBucket } from './rate-limit';

// Traffic shaping for the delivery worker. By default nothing is capped: a recipient domain is
// slowed only once the server answers "slow down" for it (421/450/451/452, 4.7.x ...), and speeds
// back up additively while it accepts. A deferred delivery goes back to the database with a time
// on the domain's schedule, so its send slot serves other domains meanwhile. The transport as a
// whole is slowed when several domains say "slow down" at once; its messages wait in their slots.

export type ShapingSignal = 'ok' | 'slow_down';

export interface ShapingLimits {
  /** Messages per second in all, fixed; 0 = no fixed cap. */
  rate: number;
  /** null = adaptive per domain; a number > 0 = a fixed cap (still slowed below it on "slow down"); 0 = no per-domain shaping. */
  domainRate: number | null;
}

/** What to do with one delivery: put it back for deferMs, or send it after sleepMs (usually both 0). */
export interface Shaped {
  deferMs: number;
  sleepMs: number;
}

/** A deferred delivery comes back at its place on the domain's schedule, at most this far ahead. */
export const DEFER_HORIZON_MS = 60_000;
/** Domains with shaping state, at most (least recently used forgotten first). */
export const MAX_SHAPED_DOMAINS = 10_000;
/** "Slow down" from this many domains within decreaseEveryMs means the relay means all of us. */
export const TRANSPORT_SLOW_DOMAINS = 3;

const GO: Shaped = Object.freeze({ deferMs: 0, sleepMs: 0 });

interface DomainState {
  bucket: TokenBucket;
  aimd: AimdLimit | null;
  /** The last time handed to a deferred delivery. */
  nextSlot: number;
}

export class Shaper {
  private domains = new Map<string, DomainState>();
  private recent: RecentRates;
  private transport: TokenBucket | null;
  private transportAimd: AimdLimit | null = null;
  private slowSeen: { domain: string; at: number }[] = [];
  private readonly fixedDomainRate: number;
  private readonly random: () => number;
  /** One line when a domain (or the transport) is slowed and when it is back to full speed; not for every halving. */
  private readonly log: (line: string, now?: number) => void;

  constructor(
    readonly limits: ShapingLimits,
    now: number,
    options: { random?: () => number; log?: (line: string) => void } = {},
  ) {
    this.random = options.random ?? Math.random;
    this.log = logAtMost(20, 60_000, options.log ?? (() => undefined));
    this.recent = new RecentRates(now);
    this.fixedDomainRate = limits.domainRate !== null && limits.domainRate > 0 ? limits.domainRate : 0;
    this.transport = limits.rate > 0 ? new TokenBucket(limits.rate, Math.max(1, limits.rate), now) : null;
  }

  take(domain: string, now: number): Shaped {
    if (this.domains.size > 0 || this.fixedDomainRate > 0) {
      const s = this.stateOf(domain, now, this.fixedDomainRate > 0);
      if (s) {
        const wait = s.bucket.take(now);
        if (wait > 0) return { deferMs: this.schedule(s, wait, now), sleepMs: 0 };
      }
    }
    if (!this.transport) return GO;
    const sleepMs = this.transport.reserve(now);
    return sleepMs > 0 ? { deferMs: 0, sleepMs } : GO;
  }

  /** The outcome of a message to `domain` taken at `sentAt` (a reply to one sent before the last slowdown is not news). */
  observe(domain: string, signal: ShapingSignal, now: number, sentAt = now): void {
    const adaptive = this.limits.domainRate !== 0;
    if (signal === 'ok') {
      this.recent.count(domain, now);
      const s = this.domains.get(domain);
      if (s?.aimd && s.aimd.accepted()) {
        s.aimd = null;
        this.log(`${domain} accepts again; sending to it at full speed`, now);
        if (this.fixedDomainRate > 0) s.bucket.setRate(this.fixedDomainRate, now);
        else this.domains.delete(domain);
      } else if (s?.aimd) s.bucket.setRate(this.rateOf(s.aimd), now);
      if (this.transportAimd?.accepted()) this.liftTransport(now);
      else if (this.transportAimd) this.transport?.setRate(this.transportRate(this.transportAimd), now);
      return;
    }
    if (adaptive) {
      const s = this.stateOf(domain, now, true)!;
      if (!s.aimd) {
        s.aimd = new AimdLimit(this.recent.rate(domain, now), now, DOMAIN_AIMD);
        this.log(`${domain} asked us to slow down; sending to it at ${s.aimd.rate.toFixed(1)}/s, then faster while it accepts`, now);
        const rate = this.rateOf(s.aimd);
        s.bucket = new TokenBucket(rate, Math.max(1, rate), now, 0);
        s.nextSlot = now;
      } else if (s.aimd.slowDown(now, sentAt)) s.bucket.setRate(this.rateOf(s.aimd), now);
    }
    this.slowSeen = this.slowSeen.filter((x) => now - x.at < TRANSPORT_AIMD.decreaseEveryMs && x.domain !== domain);
    this.slowSeen.push({ domain, at: now });
    if (this.slowSeen.length >= TRANSPORT_SLOW_DOMAINS) this.slowTransport(now, sentAt);
  }

  /** Which domains are slowed now, and to what (for logs and the console). */
  slowed(): { transport: number | null; domains: { domain: string; rate: number }[] } {
    const domains = [...this.domains].filter(([, s]) => s.aimd).map(([domain, s]) => ({ domain, rate: Math.round(s.bucket.ratePerSecond * 10) / 10 }));
    return { transport: this.transportAimd ? this.transport!.ratePerSecond : null, domains };
  }

  private rateOf(aimd: AimdLimit): number {
    return this.fixedDomainRate > 0 ? Math.min(this.fixedDomainRate, aimd.rate) : aimd.rate;
  }

  private transportRate(aimd: AimdLimit): number {
    return this.limits.rate > 0 ? Math.min(this.limits.rate, aimd.rate) : aimd.rate;
  }

  private slowTransport(now: number, sentAt: number): void {
    if (!this.transportAimd) {
      this.transportAimd = new AimdLimit(this.recent.rate(null, now), now, TRANSPORT_AIMD);
      this.log(`${TRANSPORT_SLOW_DOMAINS} domains asked us to slow down at once: the relay is limiting us; all mail at ${this.transportAimd.rate.toFixed(1)}/s, then faster while it accepts`, now);
      const rate = this.transportRate(this.transportAimd);
      if (this.transport) this.transport.setRate(rate, now);
      else this.transport = new TokenBucket(rate, Math.max(1, rate), now, 0);
    } else if (this.transportAimd.slowDown(now, sentAt)) this.transport!.setRate(this.transportRate(this.transportAimd), now);
  }

  private liftTransport(now: number): void {
    this.transportAimd = null;
    this.log('the relay accepts again; all mail at full speed', now);
    if (this.limits.rate > 0) this.transport!.setRate(this.limits.rate, now);
    else this.transport = null;
  }

  /** The domain's state, most recently used last; created (a fixed cap, or unlimited until adapted) when asked. */
  private stateOf(domain: string, now: number, create: boolean): DomainState | undefined {
    let s = this.domains.get(domain);
    if (s) {
      this.domains.delete(domain);
      this.domains.set(domain, s);
      return s;
    }
    if (!create) return undefined;
    if (this.domains.size >= MAX_SHAPED_DOMAINS) this.domains.delete(this.domains.keys().next().value!);
    s = { bucket: new TokenBucket(this.fixedDomainRate, Math.max(1, this.fixedDomainRate), now), aimd: null, nextSlot: now };
    this.domains.set(domain, s);
    return s;
  }

  /**
   * A place on the domain's schedule, so deferred deliveries come back as the bucket refills. A slowed
   * domain's places follow the rate it will have if it keeps accepting (additive increase), and end
   * where its limit would be lifted; if it has not recovered by then, they are simply deferred again.
   */
  private schedule(s: DomainState, wait: number, now: number): number {
    const ahead = Math.max(0, s.nextSlot - now) / 1000;
    let rate = s.bucket.ratePerSecond;
    if (s.aimd) {
      const lift = s.aimd.secondsToLift();
      if (!this.fixedDomainRate && ahead >= lift) return Math.ceil(Math.max(wait, lift * 1000 + this.random() * 1000));
      rate = Math.min(s.aimd.rate + s.aimd.step * ahead, this.fixedDomainRate || Infinity);
    }
    const slot = Math.max(now + wait, s.nextSlot + 1000 / rate);
    if (slot - now <= DEFER_HORIZON_MS) {
      s.nextSlot = slot;
      return Math.ceil(slot - now);
    }
    return Math.ceil(DEFER_HORIZON_MS / 2 + (this.random() * DEFER_HORIZON_MS) / 2);
  }
}

/** What Nodemailer's errors carry about the reply: its code, its text, and the command it answered. */
/** At most `n` lines per `ms` (a relay that slows a long tail of domains would otherwise flood the log); the rest are counted. */
function logAtMost(n: number, ms: number, log: (line: string) => void): (line: string, now?: number) => void {
  let since = -Infinity;
  let written = 0;
  let left = 0;
  return (line, now = Date.now()) => {
    if (now - since >= ms) {
      if (left > 0) log(`(${left} more shaping messages left out)`);
      since = now;
      written = 0;
      left = 0;
    }
    if (written++ < n) log(line);
    else left++;
  };
}
