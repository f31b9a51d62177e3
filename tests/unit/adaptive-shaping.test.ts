import { describe, expect, it } from 'vitest';
import { AimdLimit, DOMAIN_AIMD, RecentRates, TRANSPORT_AIMD } from '@/lib/jobs/shaping-aimd';
import { DEFER_HORIZON_MS, MAX_SHAPED_DOMAINS, Shaper, TRANSPORT_SLOW_DOMAINS } from '@/lib/jobs/shaping';
import { isSlowDown } from '@/lib/mail/smtp-classify';

const adaptive = { rate: 0, domainRate: null };

/** Sends `n` messages to `domain`, one every `gapMs`, all accepted; returns the clock after. */
function accept(s: Shaper, domain: string, n: number, from: number, gapMs: number): number {
  let now = from;
  for (let i = 0; i < n; i++, now += gapMs) {
    expect(s.take(domain, now)).toEqual({ deferMs: 0, sleepMs: 0 });
    s.observe(domain, 'ok', now);
  }
  return now;
}

describe('AIMD arithmetic', () => {
  it('starts at half the observed rate, halves at most once per interval (for news only) down to the floor, and climbs back additively', () => {
    const a = new AimdLimit(200, 0);
    expect(a.rate).toBe(100);
    expect(a.ceiling).toBe(200);
    expect(a.step).toBe(40);
    const every = DOMAIN_AIMD.decreaseEveryMs;
    expect(a.slowDown(every - 1)).toBe(false);
    // A reply to a message sent before the last halving is not news.
    expect(a.slowDown(every + 1, -1)).toBe(false);
    expect(a.rate).toBe(100);
    expect(a.slowDown(every + 1, 0)).toBe(true);
    expect([a.rate, a.ceiling, a.step]).toEqual([50, 100, 20]);
    for (let t = 2000; t < 20_000; t += every) a.slowDown(t);
    expect(a.rate).toBe(DOMAIN_AIMD.floor);
    // Back up: each accepted message adds step / rate, so `step` per second at the allowed rate.
    const b = new AimdLimit(100, 0);
    const before = b.rate;
    b.accepted();
    expect(b.rate).toBeCloseTo(before + b.step / before, 10);
    let lifted = false;
    let n = 0;
    while (!lifted && n < 10_000) {
      lifted = b.accepted();
      n++;
    }
    expect(lifted).toBe(true);
    expect(b.rate).toBeGreaterThanOrEqual(DOMAIN_AIMD.liftAt * b.ceiling);
    // From 50 to 200 at +20/s per second of sending: 7.5 seconds' worth of messages, about 940.
    expect(n).toBeGreaterThan(800);
    expect(n).toBeLessThan(1100);
    expect(new AimdLimit(0, 0, TRANSPORT_AIMD).rate).toBe(TRANSPORT_AIMD.floor);
  });

  it('measures rates over the last second with bounded memory', () => {
    const r = new RecentRates(0, 3);
    for (let i = 0; i < 100; i++) r.count('a.example', i * 10);
    expect(r.rate('a.example', 999)).toBe(100);
    expect(r.rate('a.example', 1500)).toBeCloseTo(50, 5);
    expect(r.rate('a.example', 2500)).toBe(0);
    for (const d of ['b', 'c', 'd', 'e']) r.count(d, 3000);
    expect(r.rate('e', 3000)).toBe(0);
    expect(r.rate(null, 3000)).toBe(4);
  });
});

describe('adaptive shaping', () => {
  it('never holds a healthy relay: a burst of 20,000 to one domain at one instant all goes at once', () => {
    const s = new Shaper(adaptive, 0);
    accept(s, 'big.example', 20_000, 0, 0);
    expect(s.slowed()).toEqual({ transport: null, domains: [] });
  });

  it('slows only the domain that says slow down, defers its surplus on a schedule, and recovers to unlimited', () => {
    const lines: string[] = [];
    const s = new Shaper(adaptive, 0, { random: () => 0.5, log: (line) => lines.push(line) });
    // 400 messages in the last second to slow.example, then "421 4.7.0 slow down".
    let now = accept(s, 'slow.example', 400, 0, 2.5);
    s.observe('slow.example', 'slow_down', now);
    expect(s.slowed().domains).toEqual([{ domain: 'slow.example', rate: 200 }]);
    // The bucket starts empty: the next messages are deferred one token (5 ms) apart, each to its own place.
    const defers = [1, 2, 3].map(() => s.take('slow.example', now).deferMs);
    expect(defers).toEqual([5, 10, 15]);
    // Another domain is not held at all.
    accept(s, 'other.example', 1000, now, 0);
    // A "slow down" for a message sent before the first one changes nothing; a newer one halves again.
    s.observe('slow.example', 'slow_down', now + 500, now - 1);
    expect(s.slowed().domains[0]!.rate).toBe(200);
    now += 1000;
    s.observe('slow.example', 'slow_down', now);
    expect(s.slowed().domains[0]!.rate).toBe(100);
    // At 100/s rising by 40/s each second, over five seconds about 1,000 go of the 5,000 offered.
    let sent = 0;
    let deferred = 0;
    for (let t = now; t < now + 5000; t += 1) {
      const shaped = s.take('slow.example', t);
      if (shaped.deferMs === 0) {
        sent++;
        s.observe('slow.example', 'ok', t);
      } else deferred++;
      expect(shaped.deferMs).toBeLessThanOrEqual(DEFER_HORIZON_MS);
    }
    expect(sent).toBeGreaterThan(800);
    expect(sent).toBeLessThan(1700);
    expect(deferred).toBeGreaterThan(3000);
    expect(s.slowed().domains[0]!.rate).toBeGreaterThan(100);
    // While it keeps accepting, the limit is lifted and nothing is deferred any more.
    now += 5000;
    for (let t = now; s.slowed().domains.length > 0 && t < now + 120_000; t += 1) {
      if (s.take('slow.example', t).deferMs === 0) s.observe('slow.example', 'ok', t);
    }
    expect(s.slowed().domains).toEqual([]);
    accept(s, 'slow.example', 5000, now + 200_000, 0);
    // One line when it was slowed and one when it was back, not one per halving.
    expect(lines).toEqual(['slow.example asked us to slow down; sending to it at 200.0/s, then faster while it accepts', 'slow.example accepts again; sending to it at full speed']);
  });

  it('schedules a slowed domain\'s surplus along its recovery, up to where its limit would be lifted', () => {
    const s = new Shaper(adaptive, 0, { random: () => 0 });
    const now = accept(s, 'a.example', 100, 0, 10);
    s.observe('a.example', 'slow_down', now);
    const limit = s.slowed().domains[0]!.rate;
    expect(limit).toBe(50);
    const defers = Array.from({ length: 2000 }, () => s.take('a.example', now).deferMs);
    // One place per token at the rate it will have if it keeps accepting: the gaps shrink...
    const gaps = defers.slice(1).map((d, i) => d - defers[i]!);
    const spaced = gaps.filter((g) => g > 0);
    expect(spaced[0]).toBeLessThanOrEqual(Math.ceil(1000 / limit));
    expect(spaced.every((g, i) => i === 0 || g <= spaced[i - 1]! + 1)).toBe(true);
    expect(spaced.at(-1)!).toBeLessThan(spaced[0]!);
    // ...until the point where it would be unlimited again (50 -> 200 at +20/s: 7.5 s); the rest come back then.
    const lastAt = Math.max(...defers);
    expect(lastAt).toBeGreaterThanOrEqual(7000);
    expect(lastAt).toBeLessThanOrEqual(8500);
    // (50/s rising by 20/s each second covers about 940 places in those 7.5 s.)
    expect(defers.filter((d) => d >= 7000).length).toBeGreaterThan(1000);
  });

  it('puts a fixed-cap surplus at most a horizon ahead, the overflow spread over its second half', () => {
    const s = new Shaper({ rate: 0, domainRate: 0.5 }, 0, { random: () => 1 });
    const defers = Array.from({ length: 60 }, () => s.take('a.example', 0).deferMs);
    expect(defers[0]).toBe(0);
    const scheduled = defers.slice(1).filter((d) => d < DEFER_HORIZON_MS);
    expect(scheduled).toEqual(scheduled.map((_, i) => 2000 * (i + 1)));
    expect(scheduled.length).toBe(DEFER_HORIZON_MS / 2000 - 1);
    expect(defers.slice(1 + scheduled.length)).toEqual(defers.slice(1 + scheduled.length).map(() => DEFER_HORIZON_MS));
  });

  it('keeps fixed per-domain caps when asked, slows below them, and lifts back to the cap', () => {
    const s = new Shaper({ rate: 0, domainRate: 10 }, 0);
    const at0 = Array.from({ length: 12 }, () => s.take('a.example', 0).deferMs);
    expect(at0.filter((d) => d === 0)).toHaveLength(10);
    expect(at0.slice(10)).toEqual([100, 200]);
    expect(s.take('b.example', 0).deferMs).toBe(0);
    // Over a minute, 10/s plus the first second's burst.
    let sent = 0;
    for (let t = 1; t <= 60_000; t += 10) {
      if (s.take('c.example', t).deferMs > 0) continue;
      sent++;
      s.observe('c.example', 'ok', t);
    }
    expect(sent).toBeGreaterThanOrEqual(600);
    expect(sent).toBeLessThanOrEqual(611);
    s.observe('c.example', 'slow_down', 60_000);
    // Half the 10 to 11 per second it was sending, under the cap.
    expect(s.slowed().domains[0]!.rate).toBeGreaterThanOrEqual(5);
    expect(s.slowed().domains[0]!.rate).toBeLessThanOrEqual(5.5);
    for (let i = 0; i < 5000 && s.slowed().domains.length > 0; i++) s.observe('c.example', 'ok', 60_000 + i);
    expect(s.slowed().domains).toEqual([]);
    let again = 0;
    for (let t = 200_000; t < 210_000; t += 10) if (s.take('c.example', t).deferMs === 0) again++;
    expect(again).toBeGreaterThanOrEqual(100);
    expect(again).toBeLessThanOrEqual(111);
  });

  it('with per-domain shaping off (0), a slow down holds no domain', () => {
    const off = new Shaper({ rate: 0, domainRate: 0 }, 0);
    const on = new Shaper(adaptive, 0);
    for (const s of [off, on]) {
      accept(s, 'a.example', 100, 0, 1);
      s.observe('a.example', 'slow_down', 100);
    }
    expect(on.take('a.example', 101).deferMs).toBeGreaterThan(0);
    expect(off.take('a.example', 101)).toEqual({ deferMs: 0, sleepMs: 0 });
  });

  it('slows the whole transport when several domains say slow down at once, and recovers', () => {
    const s = new Shaper(adaptive, 0);
    for (let i = 0; i < 1000; i++) {
      s.take(`d${i % 50}.example`, i);
      s.observe(`d${i % 50}.example`, 'ok', i);
    }
    // The same domain three times is that domain's problem, not the relay's.
    for (let i = 0; i < TRANSPORT_SLOW_DOMAINS; i++) s.observe('d1.example', 'slow_down', 1000 + i);
    expect(s.slowed().transport).toBeNull();
    expect(s.take('d2.example', 1010).sleepMs).toBe(0);
    for (let i = 2; i < 2 + TRANSPORT_SLOW_DOMAINS; i++) s.observe(`d${i}.example`, 'slow_down', 1020);
    expect(s.slowed().transport).toBeGreaterThan(0);
    // Every domain now waits its turn in its slot (not deferred: all are held alike).
    const waits = Array.from({ length: 5 }, (_, i) => s.take(`d${10 + i}.example`, 1020));
    expect(waits.every((w) => w.deferMs === 0)).toBe(true);
    expect(waits.map((w) => w.sleepMs)).toEqual([...waits.map((w) => w.sleepMs)].sort((a, b) => a - b));
    expect(waits[4]!.sleepMs).toBeGreaterThan(0);
    for (let i = 0; i < 100_000 && s.slowed().transport !== null; i++) s.observe(`d${i % 40}.example`, 'ok', 2000 + i);
    expect(s.slowed().transport).toBeNull();
    expect(s.take('d45.example', 200_000)).toEqual({ deferMs: 0, sleepMs: 0 });
  });

  it('enforces a fixed global rate by sleeps one token apart, and only then', () => {
    const s = new Shaper({ rate: 4, domainRate: null }, 0);
    const sleeps = Array.from({ length: 8 }, (_, i) => s.take(`d${i}.example`, 0).sleepMs);
    expect(sleeps).toEqual([0, 0, 0, 0, 250, 500, 750, 1000]);
    expect(new Shaper(adaptive, 0).take('d.example', 0).sleepMs).toBe(0);
  });

  it('keeps memory and the log bounded however many domains are slowed', () => {
    const lines: string[] = [];
    const s = new Shaper(adaptive, 0, { log: (line) => lines.push(line) });
    for (let i = 0; i < MAX_SHAPED_DOMAINS * 3; i++) s.observe(`d${i}.example`, 'slow_down', i);
    expect(s.slowed().domains.length).toBe(MAX_SHAPED_DOMAINS);
    // The most recently slowed are the ones kept.
    expect(s.slowed().domains.at(-1)!.domain).toBe(`d${MAX_SHAPED_DOMAINS * 3 - 1}.example`);
    // Twenty lines a minute (the relay itself among them), then a count of the rest.
    expect(lines.slice(0, 3)).toEqual(['d0.example asked us to slow down; sending to it at 0.2/s, then faster while it accepts', 'd1.example asked us to slow down; sending to it at 0.2/s, then faster while it accepts', 'd2.example asked us to slow down; sending to it at 0.2/s, then faster while it accepts']);
    expect(lines[3]).toMatch(/^3 domains asked us to slow down at once: the relay is limiting us; all mail at 1\.0\/s/);
    expect(lines).toHaveLength(20);
    s.observe('late.example', 'slow_down', 60_000);
    expect(lines.slice(20)).toEqual([`(${MAX_SHAPED_DOMAINS * 3 + 1 - 20} more shaping messages left out)`, 'late.example asked us to slow down; sending to it at 0.2/s, then faster while it accepts']);
  });
});

describe('what counts as "slow down"', () => {
  it('is a 421/450/451/452 or a 4.7.x, 4.3.x, 4.4.5 reply at RCPT TO or DATA, nothing else', () => {
    const yes = [
      { responseCode: 421, response: '421 4.7.0 Try again later, closing connection', command: 'RCPT TO' },
      { responseCode: 450, response: '450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages', command: 'RCPT TO' },
      { responseCode: 451, response: '451 4.7.1 Please try again later (rate limited)', command: 'DATA' },
      { responseCode: 452, response: '452 4.5.3 Too many recipients', command: 'RCPT TO' },
      { responseCode: 454, response: '454 4.7.0 Throttling failure: Maximum sending rate exceeded', command: 'DATA' },
      { responseCode: 447, response: '447 4.4.5 System congestion', command: 'RCPT TO' },
      { responseCode: 441, response: '441 4.3.2 System not accepting network messages' },
    ];
    const no = [
      { responseCode: 550, response: '550 5.7.1 Too many messages', command: 'RCPT TO' },
      { responseCode: 421, response: '421 4.7.0 Too many connections', command: 'CONN' },
      { responseCode: 451, response: '451 4.3.0 Try later', command: 'MAIL FROM' },
      { responseCode: 454, response: '454 4.7.0 Temporary authentication failure', command: 'AUTH PLAIN' },
      { responseCode: 453, response: '453 4.1.1 Mailbox temporarily unavailable', command: 'RCPT TO' },
      {},
      { responseCode: 250, response: '250 2.0.0 OK', command: 'DATA' },
    ];
    expect(yes.filter((e) => !isSlowDown(e))).toEqual([]);
    expect(no.filter((e) => isSlowDown(e))).toEqual([]);
  });
});
