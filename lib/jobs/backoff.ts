// When to try a delivery again, and what an SMTP failure means. Pure: the random source is passed in.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 30 * 60_000 };

/** Exponential backoff with "equal jitter": between half and all of base * 2^(attempt-1), capped. */
export function backoffMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type SmtpOutcome =
  /** Try again later: a 4xx reply, or the server could not be reached. */
  | { kind: 'retry'; connection: boolean; reason: string }
  /** A 5xx reply: the message will never be accepted. */
  | { kind: 'failed'; reason: string }
  /** A 5xx saying the mailbox does not exist (or is disabled): suppress the address for good. */
  | { kind: 'bounce'; reason: string };

export interface SmtpErrorLike {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const HARD_BOUNCE = /\b5\.1\.[0-3]\b|\b5\.2\.1\b|\buser unknown\b|\bno such (user|mailbox)\b|\bmailbox unavailable\b/i;

export function classifySmtpError(error: SmtpErrorLike): SmtpOutcome {
  const reason = (error.response ?? error.message ?? String(error)).replace(/\s+/g, ' ').slice(0, 500);
  const code = error.responseCode;
  if (typeof code === 'number' && code >= 500 && code < 600) {
    return HARD_BOUNCE.test(reason) ? { kind: 'bounce', reason } : { kind: 'failed', reason };
  }
  if (typeof code === 'number' && code >= 400 && code < 500) return { kind: 'retry', connection: false, reason };
  return { kind: 'retry', connection: true, reason };
}
