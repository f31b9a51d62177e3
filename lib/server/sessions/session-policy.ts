/** A session slides 12 h past the last request and never outlives 7 days from sign-in. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so reads do not turn into writes. */
export const SESSION_TOUCH_MS = 5 * 60 * 1000;
export const SESSION_COOKIE = 'candor_session';

export function sessionExpiry(createdAt: Date, now: Date): Date {
  return new Date(Math.min(createdAt.getTime() + SESSION_ABSOLUTE_MS, now.getTime() + SESSION_IDLE_MS));
}
