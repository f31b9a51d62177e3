import { availableParallelism } from 'node:os';
import { AppError } from '../errors';

// Every argon2 hash or verification (tens of milliseconds and 19 MiB each) runs through this one
// queue: at most SLOTS at a time, and waiting jobs are taken round-robin by lane (the client
// address), so a burst from a few addresses queues behind itself instead of in front of everyone.

const SLOTS = Math.max(1, Math.min(4, availableParallelism()));
/** Past this many waiting jobs new ones are refused at once rather than queued for seconds. */
export const MAX_WAITING = 256;

interface QueueState {
  running: number;
  waiting: number;
  lanes: Map<string, Array<() => void>>;
  /** Jobs that reached argon2 since start (tests count them to prove limits hold before the check). */
  hashes: number;
  verifications: number;
}

const g = globalThis as unknown as { __candorArgon2Queue?: QueueState };
function state(): QueueState {
  g.__candorArgon2Queue ??= { running: 0, waiting: 0, lanes: new Map(), hashes: 0, verifications: 0 };
  return g.__candorArgon2Queue;
}

function next(q: QueueState): void {
  while (q.running < SLOTS) {
    const first = q.lanes.entries().next();
    if (first.done) return;
    const [lane, jobs] = first.value;
    const job = jobs.shift()!;
    // Round-robin: a lane with more waiting moves to the back.
    q.lanes.delete(lane);
    if (jobs.length) q.lanes.set(lane, jobs);
    q.waiting--;
    q.running++;
    job();
  }
}

/** Runs `work` when a slot is free and `lane` has its turn. */
export function runArgon2<T>(kind: 'hash' | 'verify', lane: string, work: () => Promise<T>): Promise<T> {
  const q = state();
  if (q.waiting >= MAX_WAITING) {
    return Promise.reject(new AppError('rate_limited', 'The server is busy checking passwords. Try again in a few seconds.', undefined, { retryAfterSeconds: 5 }));
  }
  return new Promise<T>((resolve, reject) => {
    const job = () => {
      if (kind === 'hash') q.hashes++;
      else q.verifications++;
      work()
        .then(resolve, reject)
        .finally(() => {
          q.running--;
          next(q);
        });
    };
    const jobs = q.lanes.get(lane);
    if (jobs) jobs.push(job);
    else q.lanes.set(lane, [job]);
    q.waiting++;
    next(q);
  });
}

/** How many argon2 hashes and verifications have run in this process. */
export function argon2Work(): { hashes: number; verifications: number } {
  const { hashes, verifications } = state();
  return { hashes, verifications };
}
