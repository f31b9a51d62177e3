import { describe, expect, it } from 'vitest';
import { Signal, waitAny } from '@/lib/jobs/signal';

describe('Signal', () => {
  it('wakes a waiter at once when notified, and otherwise at its timeout', async () => {
    const s = new Signal();
    let woke = false;
    const waiting = s.wait(60_000).then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    s.notify();
    await waiting;
    expect(woke).toBe(true);
    const started = Date.now();
    await s.wait(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('keeps a notice that found nobody waiting for the next wait, once', async () => {
    // A loop busy when work (or a stop) is announced must not then sleep a whole poll interval.
    const s = new Signal();
    s.notify();
    s.notify();
    const started = Date.now();
    await s.wait(60_000);
    expect(Date.now() - started).toBeLessThan(50);
    // Consumed: the next wait sleeps until its timeout (positive control for the line above).
    const again = Date.now();
    await s.wait(40);
    expect(Date.now() - again).toBeGreaterThanOrEqual(35);
  });

  it('waits on several signals and, once woken, stops listening to all of them', async () => {
    const a = new Signal();
    const b = new Signal();
    const woken = waitAny([a, b], 60_000);
    a.notify();
    await woken;
    // b's next notice finds nobody waiting, so it is kept and the next wait on b returns at once.
    b.notify();
    let started = Date.now();
    await b.wait(60_000);
    expect(Date.now() - started).toBeLessThan(50);
    // Positive control: a race of two plain waits leaves b's waiter behind, and that stale waiter
    // swallows b's notice, so the next wait sleeps to its timeout.
    const c = new Signal();
    const d = new Signal();
    const raced = Promise.race([c.wait(60_000), d.wait(200)]);
    c.notify();
    await raced;
    d.notify();
    started = Date.now();
    await d.wait(100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });
});

