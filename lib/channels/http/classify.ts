import type { ChannelOutcome } from '../types';
import type { HttpAttemptError } from './client';

// What an HTTP receiver's answer means, decided in one place for every HTTP channel. Pure.
// 2xx delivered; 408, 429, 5xx, redirects, timeouts and broken connections are retried (after
// Retry-After when given); any other 4xx fails that delivery; an endpoint that now resolves
// inside the network fails it too.

/** The longest Retry-After honoured; a longer one waits this long. */
export const RETRY_AFTER_MAX_MS = 60 * 60_000;

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Math.min(RETRY_AFTER_MAX_MS, Number(raw) * 1000);
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(0, at - now));
}

export function classifyHttpResponse(status: number, retryAfter: string | string[] | undefined, now: number, body = ''): ChannelOutcome {
  const said = body.replace(/\s+/g, ' ').trim().slice(0, 200);
  const reason = `HTTP ${status}${said ? `: ${said}` : ''}`;
  if (status >= 200 && status < 300) return { kind: 'delivered', reference: `HTTP ${status}` };
  if (status >= 300 && status < 400) return { kind: 'retry', reason: `HTTP ${status}: redirects are not followed` };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs };
  }
  if (status >= 400) return { kind: 'failed', reason };
  return { kind: 'retry', reason: `HTTP ${status}: not a final answer` };
}

export function classifyHttpError(error: Pick<HttpAttemptError, 'code' | 'message'>): ChannelOutcome {
  if (error.code === 'refused_address') return { kind: 'failed', reason: `refused: the endpoint ${error.message}` };
  return { kind: 'retry', reason: error.message };
}
