import 'server-only';
import { headers as requestHeaders } from 'next/headers';
import type { Role } from '@/lib/generated/postgresql/enums';
import type { Actor } from '../actor';
import { AppError } from '../errors';
import { stampedOrigins } from '../http/stamped';
import { requireStaff } from './require-staff';

// CSRF defence for console mutations (server actions and form posts).
// How to use, in every server action that changes something:
//     'use server';
//     const actor = await requireStaffAction('responder');   // origin check + session + role
// or, when the action has no session (sign-in, password reset):
//     await assertSameOrigin(await headers());
// The session cookie is SameSite=Lax and /api/v1 ignores cookies; this check also refuses a
// POST whose Origin (or, failing that, Referer) is not this site, and any Sec-Fetch-Site
// other than same-origin. Next's own server-action Origin check stays on as a second layer.

function originOf(value: string | null): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * The origins this site is reached under: the one the custom server stamped (the Host the browser
 * used, or a trusted proxy's X-Forwarded-Host/-Proto; see TRUSTED_PROXIES) and PUBLIC_URL.
 */
function allowedOrigins(h: Headers): Set<string> {
  const allowed = new Set<string>(stampedOrigins(h));
  const publicOrigin = originOf(process.env.PUBLIC_URL ?? null);
  if (publicOrigin) allowed.add(publicOrigin);
  return allowed;
}

/** Throws AppError('forbidden') unless the request demonstrably comes from this site. */
export function checkSameOrigin(h: Headers): void {
  const site = h.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw new AppError('forbidden', 'cross-site request refused');
  const origin = originOf(h.get('origin')) ?? originOf(h.get('referer'));
  if (!origin) throw new AppError('forbidden', 'request without Origin or Referer refused (CSRF protection)');
  if (!allowedOrigins(h).has(origin)) throw new AppError('forbidden', `cross-site request from ${origin} refused`);
}

export async function assertSameOrigin(h?: Headers): Promise<void> {
  checkSameOrigin(h ?? (await requestHeaders()));
}

/** The usual first line of a console server action: same-origin check, then requireStaff(role). */
export async function requireStaffAction(role: Role = 'responder'): Promise<Actor> {
  await assertSameOrigin();
  return requireStaff(role);
}
