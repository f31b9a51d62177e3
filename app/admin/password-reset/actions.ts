'use server';

import { headers } from 'next/headers';
import { clientIpFromHeaders } from '@/lib/server/auth/client-ip';
import { assertSameOrigin } from '@/lib/server/auth/csrf';
import { completePasswordReset, requestPasswordReset } from '@/lib/server/auth/password-reset';
import { attempt, type FormState } from '../_lib/action-state';
import { text } from '../_lib/form-data';

export async function requestResetAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const h = await headers();
    await assertSameOrigin(h);
    // The link's base comes from configuration (publicBaseUrl), never from these headers.
    await requestPasswordReset({ email: text(fd, 'email'), ip: clientIpFromHeaders(h) });
    return { message: 'If that address belongs to a staff account, a reset link is on its way. It works for one hour.' };
  });
}

export async function completeResetAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const h = await headers();
    await assertSameOrigin(h);
    const { email } = await completePasswordReset({ token: text(fd, 'token'), password: text(fd, 'password'), ip: clientIpFromHeaders(h) });
    return { to: `/admin/sign-in?reset=done&email=${encodeURIComponent(email)}` };
  });
}
