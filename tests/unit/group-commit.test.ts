import { describe, expect, it } from 'vitest';
import { GroupCommit } from '@/lib/jobs/group-commit';

/** A write the test finishes by hand: each call is kept with its items and its resolve/reject. */
function manualWrites() {
  const calls: { items: number[]; finish: () => void; fail: (e: Error) => void }[] = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ items: [...items], finish: resolve, fail: reject });
    });
  return { calls, write };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('resolves an item only once the write holding it has committed', async () => {
    const { calls, write } = manualWrites();
    const g = new GroupCommit<number>({ at: 2, waitMs: 60_000, writes: 2, write, onError: () => undefined });
    const done: number[] = [];
    for (const i of [1, 2]) void g.add(i).then(() => done.push(i));
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1, 2]]);
    expect(done).toEqual([]);
    calls[0]!.finish();
    await tick();
    expect(done).toEqual([1, 2]);
  });

  it('starts a full group while another is being written, up to `writes` at once', async () => {
    const { calls, write } = manualWrites();
    const g = new GroupCommit<number>({ at: 2, waitMs: 60_000, writes: 2, write, onError: () => undefined });
    for (let i = 1; i <= 6; i++) void g.add(i);
    await tick();
    // Two writes under way; the third full group waits for one of them to finish.
    expect(calls.map((c) => c.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    calls[0]!.finish();
    await tick();
    expect(calls.map((c) => c.items)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it('writes a group that is not full after waitMs, but not beside a write under way', async () => {
    const { calls, write } = manualWrites();
    const g = new GroupCommit<number>({ at: 4, waitMs: 20, writes: 2, write, onError: () => undefined });
    void g.add(1);
    await tick();
    expect(calls).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 40));
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    // While [1] is being written, a lone item waits for it rather than starting a second small write.
    void g.add(2);
    await new Promise((r) => setTimeout(r, 40));
    expect(calls).toHaveLength(1);
    calls[0]!.finish();
    await new Promise((r) => setTimeout(r, 40));
    expect(calls.map((c) => c.items)).toEqual([[1], [2]]);
  });

  it('writes a failed group again, and drain() waits for every write', async () => {
    const { calls, write } = manualWrites();
    const errors: string[] = [];
    const g = new GroupCommit<number>({ at: 10, waitMs: 60_000, writes: 2, write, onError: (e) => errors.push(e.message), retryMs: 5 });
    let committed = false;
    void g.add(7).then(() => (committed = true));
    const drained = g.drain();
    await tick();
    calls[0]!.fail(new Error('connection lost'));
    await new Promise((r) => setTimeout(r, 30));
    expect(errors).toEqual(['connection lost']);
    expect(calls.map((c) => c.items)).toEqual([[7], [7]]);
    expect(committed).toBe(false);
    calls[1]!.finish();
    await drained;
    expect(committed).toBe(true);
  });
});
