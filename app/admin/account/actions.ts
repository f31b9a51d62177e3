'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { requireStaffSession } from '@/lib/server/auth/require-staff';
import { assertSameOrigin } from '@/lib/server/auth/csrf';
import { safeNext } from '@/lib/server/auth/safe-next';
import { readSessionCookie } from '@/lib/server/auth/session-cookie';
import { revokeAllSessions } from '@/lib/server/sessions/revoke-sessions';
import { changePassword } from '@/lib/server/users/change-password';
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from '@/lib/server/users/totp-enrolment';
import { attempt, type FormState } from '../_lib/action-state';
import { text } from '../_lib/form-data';

async function me(allowPasswordChange = false) {
  await assertSameOrigin(await headers());
  return requireStaffSession('viewer', { allowPasswordChange, next: '/admin/account' });
}

export async function changePasswordAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const { actor } = await me(true);
    await changePassword({ actor, input: { current: text(fd, 'current'), password: text(fd, 'password') }, keepSessionToken: await readSessionCookie() });
    return { to: safeNext(text(fd, 'next')), message: 'Password changed. Your other sessions are signed out.' };
  });
}

export async function signOutEverywhereAction(_prev: FormState): Promise<FormState> {
  return attempt(async () => {
    const { actor } = await me();
    const n = await revokeAllSessions({ actor, userId: actor.userId!, exceptToken: await readSessionCookie() });
    return { message: `Signed out of ${n} other session${n === 1 ? '' : 's'}.` };
  });
}

export async function startTotpAction(): Promise<void> {
  const { actor } = await me();
  await startTotpEnrolment({ actor });
  redirect(`/admin/account?totp=${Date.now()}#totp`);
}

export async function confirmTotpAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const { actor } = await me();
    await confirmTotpEnrolment({ actor, code: text(fd, 'code') });
    return { to: '/admin/account', message: 'Two-step sign-in is on.' };
  });
}

export async function disableTotpAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const { actor } = await me();
    await disableTotp({ actor, code: text(fd, 'code') });
    return { to: '/admin/account', message: 'Two-step sign-in is off.' };
  });
}
