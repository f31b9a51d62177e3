// When a webhook or chat endpoint that keeps failing is switched off. Pure: the clock is passed in.
// An endpoint is disabled only after failing across at least a day and several attempts, so one
// bad afternoon (or one notice's retries, which span about two hours) never disables anyone.

export interface EndpointHealth {
  /** The first failure since the endpoint last answered 2xx; null while it is healthy. */
  failingSince: Date | null;
  /** Failed attempts since then. */
  failureCount: number;
}

export interface DisablePolicy {
  afterMs: number;
  minFailures: number;
}

export const DISABLE_POLICY: DisablePolicy = { afterMs: 24 * 3600_000, minFailures: 5 };

/** The endpoint's health after one charged attempt, and whether it must now be disabled. */
export function afterAttempt(health: EndpointHealth, ok: boolean, now: Date, policy: DisablePolicy = DISABLE_POLICY): EndpointHealth & { disable: boolean } {
  if (ok) return { failingSince: null, failureCount: 0, disable: false };
  const failingSince = health.failingSince ?? now;
  const failureCount = health.failureCount + 1;
  return { failingSince, failureCount, disable: failureCount >= policy.minFailures && now.getTime() - failingSince.getTime() >= policy.afterMs };
}
