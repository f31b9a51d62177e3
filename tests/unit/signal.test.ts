import { describe, expect, it } from 'vitest';
import { Signal } from '@/lib/jobs/signal';

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
});
