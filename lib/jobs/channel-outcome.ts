import type { ChannelOutcome } from '@/lib/channels/types';
import { backoffMs, type BackoffPolicy } from './backoff';
import type { DeliveryOutcome } from './deliveries';

// A channel's verdict on one attempt, as the outcome the outbox records: the same rows, attempt
// limit and backoff as mail. Pure: the clock and the random source are passed in.

/** A channel that is down is asked again after this long (uncharged) unless it said when. */
export const CHANNEL_DOWN_RETRY_MS = 30_000;

export interface OutcomeContext {
  id: number;
  /** Attempts made before this one. */
  attempts: number;
  maxAttempts: number;
  policy: BackoffPolicy;
  now: number;
  random?: () => number;
}

export function deliveryOutcomeOf(outcome: ChannelOutcome, c: OutcomeContext): DeliveryOutcome {
  const attempt = c.attempts + 1;
  switch (outcome.kind) {
    case 'delivered':
      return outcome.smsParts ? { id: c.id, status: 'sent', messageId: outcome.reference, smsParts: outcome.smsParts } : { id: c.id, status: 'sent', messageId: outcome.reference };
    case 'failed':
      return { id: c.id, status: 'failed', error: outcome.reason, countAttempt: true, failureClass: 'rejected' };
    case 'dependency_down':
      return { id: c.id, status: 'pending', nextAttemptAt: new Date(c.now + (outcome.retryAfterMs ?? CHANNEL_DOWN_RETRY_MS)), error: outcome.reason, countAttempt: false };
    case 'retry': {
      if (attempt >= c.maxAttempts) return { id: c.id, status: 'failed', error: `gave up after ${attempt} attempts: ${outcome.reason}`, countAttempt: true, failureClass: 'try_later' };
      // The receiver's Retry-After is honoured, but never sooner than a second.
      const wait = outcome.retryAfterMs !== undefined ? Math.max(1000, outcome.retryAfterMs) : backoffMs(attempt, c.policy, c.random);
      return { id: c.id, status: 'pending', nextAttemptAt: new Date(c.now + wait), error: outcome.reason, countAttempt: true };
    }
  }
}

/** Whether the attempt tells us the endpoint works (true), does not (false), or nothing (null: not charged to it). */
export function endpointAnswered(outcome: ChannelOutcome): boolean | null {
  if (outcome.kind === 'delivered') return true;
  if (outcome.kind === 'dependency_down') return null;
  return false;
}
