// When a webhook or chat endpoint that keeps failing is switched off. Pure: the clock is passed in.
// An endpoint is disabled only after failing across at least a day and several attempts, so one
// bad afternoon (or one notice's retries, which span about two hours) never disables anyone. A
// failure after more than `gapMs` without one never disables by itself: the endpoint may have been
// mended in between (failures on Monday, nothing tried until Thursday, when one blip is not proof),
// so it is disabled only if the retry fails as well.

export interface EndpointHealth {
  /** The first failure since the endpoint last answered 2xx; null while it is healthy. */
  failingSince: Date | null;
  /** Failed attempts since then. */
  failureCount: number;
  /** The latest failed attempt (null for a record kept before this was tracked: the streak goes on). */
  lastFailureAt: Date | null;
}

export interface DisablePolicy {
  afterMs: number;
  minFailures: number;
  gapMs: number;
}

/** The record of an endpoint that answers (the last attempt succeeded, or it is new or re-subscribed). */
export const HEALTHY_ENDPOINT = { failingSince: null, failureCount: 0, lastFailureAt: null } as const satisfies EndpointHealth;

export const DISABLE_POLICY: DisablePolicy = { afterMs: 24 * 3600_000, minFailures: 5, gapMs: 6 * 3600_000 };

/** The endpoint's health after one charged attempt, and whether it must now be disabled. */
export function afterAttempt(health: EndpointHealth, ok: boolean, now: Date, policy: DisablePolicy = DISABLE_POLICY): EndpointHealth & { disable: boolean } {
  return ok ? { ...HEALTHY_ENDPOINT, disable: false } : afterFailures(health, 1, now, policy);
}

/**
 * The endpoint's health after `failures` attempts that failed at one moment (the outcomes of one
 * batch: several notices reaching it at once). They are one observation: after a silence, however
 * many there are, they do not disable it by themselves; a later failure does.
 */
export function afterFailures(health: EndpointHealth, failures: number, now: Date, policy: DisablePolicy = DISABLE_POLICY): EndpointHealth & { disable: boolean } {
  if (failures < 1) return { ...health, disable: false };
  const failingSince = health.failingSince ?? now;
  const failureCount = health.failureCount + failures;
  const afterSilence = health.lastFailureAt !== null && now.getTime() - health.lastFailureAt.getTime() > policy.gapMs;
  return { failingSince, failureCount, lastFailureAt: now, disable: !afterSilence && failureCount >= policy.minFailures && now.getTime() - failingSince.getTime() >= policy.afterMs };
}
