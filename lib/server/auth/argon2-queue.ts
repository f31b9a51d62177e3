import { availableParallelism } from 'node:os';
import { AppError } from '../errors';

// Every argon2 hash or verification (tens of milliseconds and 19 MiB each) runs through this one
// queue: at most SLOTS at a time. A free slot goes to the lane (client address) with the fewest
// jobs in flight, so a burst from a few addresses queues behind itself, not in front of everyone.

const SLOTS = Math.max(1, Math.min(4, availableParallelism()));
/** Past this many waiting jobs new ones are refused at once rather than queued for seconds. */
export const MAX_WAITING = 256;

interface QueueState {
  running: number;
  waiting: number;
  /** Waiting jobs per lane, lanes in the order they started waiting. */
  lanes: Map<string, Array<() => void>>;
  inFlight: Map<string, number>;
  /** Jobs that reached argon2 since start (tests count them to prove limits hold before the check). */
  hashes: number;
  verifications: number;
}

const g = globalThis as unknown as { __candorArgon2Queue?: QueueState };
function state(): QueueState {
  g.__candorArgon2Queue ??= { running: 0, waiting: 0, lanes: new Map(), inFlight: new Map(), hashes: 0, verifications: 0 };
  return g.__candorArgon2Queue;
}

function pickLane(q: QueueState): string | undefined {
  let best: string | undefined;
  for (const lane of q.lanes.keys()) if (best === undefined || (q.inFlight.get(lane) ?? 0) < (q.inFlight.get(best) ?? 0)) best = lane;
  return best;
}

function next(q: QueueState): void {
  while (q.running < SLOTS) {
    const lane = pickLane(q);
    if (lane === undefined) return;
    const jobs = q.lanes.get(lane)!;
    const job = jobs.shift()!;
    // A lane that still has work goes to the back of the order.
    q.lanes.delete(lane);
    if (jobs.length) q.lanes.set(lane, jobs);
    q.waiting--;
    q.running++;
    q.inFlight.set(lane, (q.inFlight.get(lane) ?? 0) + 1);
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
          const left = (q.inFlight.get(lane) ?? 1) - 1;
          if (left > 0) q.inFlight.set(lane, left);
          else q.inFlight.delete(lane);
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
