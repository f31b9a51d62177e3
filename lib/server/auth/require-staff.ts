import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Role } from '@/lib/generated/postgresql/enums';
import { hasRole, type Actor } from '../actor';
import { AppError } from '../errors';
import { validateSession, type ValidSession } from '../sessions/validate-session';
import { clientIpFromHeaders } from './client-ip';
import { readSessionCookie } from './session-cookie';
import { safeNext } from './safe-next';

/** proxy.ts copies the requested path and query here so a sign-in can send the user back. */
export const REQUEST_PATH_HEADER = 'x-candor-path';

/** The digest Next keeps on a thrown error; app/admin/error.tsx shows a 403 page for it. */
export const FORBIDDEN_DIGEST = 'CANDOR_FORBIDDEN';

export interface StaffSession {
  actor: Actor;
  user: ValidSession['user'];
  sessionId: string;
}

export function forbiddenError(message: string): AppError {
  return Object.assign(new AppError('forbidden', message), { digest: FORBIDDEN_DIGEST });
}

/** The signed-in, fully verified staff member, or null (for layouts that render either way). */
export async function getStaffSession(): Promise<StaffSession | null> {
  const session = await validateSession(await readSessionCookie());
  if (!session || !session.verified) return null;
  const ip = clientIpFromHeaders(await headers());
  const u = session.user;
  return { actor: { type: 'user', userId: u.id, label: `${u.name} <${u.email}>`, role: u.role, ip }, user: u, sessionId: session.sessionId };
}

async function currentPath(): Promise<string> {
  return safeNext((await headers()).get(REQUEST_PATH_HEADER));
}

/**
 * For server components and server actions: the signed-in staff member with at least `role`.
 * Not signed in or expired: redirects to sign-in and back; TOTP owed: to the code step; a
 * one-time password: to the password change page; too low a role: AppError('forbidden').
 */
export async function requireStaff(role: Role = 'viewer', opts?: { next?: string; allowPasswordChange?: boolean }): Promise<Actor> {
  return (await requireStaffSession(role, opts)).actor;
}

export async function requireStaffSession(role: Role = 'viewer', opts?: { next?: string; allowPasswordChange?: boolean }): Promise<StaffSession> {
  const session = await validateSession(await readSessionCookie());
  const next = opts?.next ? safeNext(opts.next) : await currentPath();
  if (!session) redirect(`/admin/sign-in?next=${encodeURIComponent(next)}`);
  if (!session.verified) redirect(`/admin/sign-in/verify?next=${encodeURIComponent(next)}`);
  if (session.user.mustChangePassword && !opts?.allowPasswordChange) redirect(`/admin/account/password?next=${encodeURIComponent(next)}`);
  const u = session.user;
  const actor: Actor = { type: 'user', userId: u.id, label: `${u.name} <${u.email}>`, role: u.role, ip: clientIpFromHeaders(await headers()) };
  if (!hasRole(actor, role)) throw forbiddenError(`This needs the ${role} role; you are signed in as ${u.role}.`);
  return { actor, user: u, sessionId: session.sessionId };
}
