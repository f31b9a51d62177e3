import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { MAX_WAITING, argon2Work, runArgon2 } from '@/lib/server/auth/argon2-queue';
import { AppError } from '@/lib/server/errors';

/** A job that runs only when released, and records when it started. */
function gate(order: string[], name: string) {
  let open!: () => void;
  const released = new Promise<void>((resolve) => (open = resolve));
  return { work: () => (order.push(name), released), open: () => open() };
}

const slots = Math.max(1, Math.min(4, availableParallelism()));
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the argon2 queue', () => {
  it('serves a quiet lane next, however many jobs a busy lane has waiting', async () => {
    const order: string[] = [];
    const busy = Array.from({ length: 20 }, (_, i) => gate(order, `busy${i}`));
    const quiet = gate(order, 'quiet');
    const done = [...busy.map((g) => runArgon2('verify', 'busy-lane', g.work)), runArgon2('verify', 'quiet-lane', quiet.work)];
    await tick();
    expect(order).toHaveLength(slots);
    busy[0]!.open();
    await tick();
    await tick();
    // The first free slot goes to the quiet lane, not to the busy lane's next job.
    expect(order[slots]).toBe('quiet');
    for (const g of [...busy, quiet]) g.open();
    await Promise.all(done);
    expect(order).toHaveLength(21);
  });

  it('refuses work at once beyond its bound, and counts only what ran', async () => {
    const before = argon2Work().verifications;
    const gates = Array.from({ length: slots + MAX_WAITING }, (_, i) => gate([], `g${i}`));
    const accepted = gates.map((g, i) => runArgon2('verify', `lane${i % 7}`, g.work));
    const refused = await runArgon2('verify', 'late', async () => 'ran').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('rate_limited');
    expect((refused as AppError).details?.retryAfterSeconds).toBe(5);
    for (const g of gates) g.open();
    await Promise.all(accepted);
    expect(argon2Work().verifications - before).toBe(slots + MAX_WAITING);
  });
});
