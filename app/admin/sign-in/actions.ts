'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { clientIpFromHeaders } from '@/lib/server/auth/client-ip';
import { assertSameOrigin } from '@/lib/server/auth/csrf';
import { safeNext } from '@/lib/server/auth/safe-next';
import { readSessionCookie, setSessionCookie } from '@/lib/server/auth/session-cookie';
import { signIn } from '@/lib/server/auth/sign-in';
import { verifySessionTotp } from '@/lib/server/auth/verify-session-totp';
import { AppError } from '@/lib/server/errors';
import { setFlash } from '../_lib/flash';

const str = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v : '');

export async function signInAction(formData: FormData): Promise<void> {
  const h = await headers();
  await assertSameOrigin(h);
  const email = str(formData.get('email')).trim().slice(0, 254);
  const next = safeNext(str(formData.get('next')));
  let destination: string;
  try {
    const result = await signIn({ email, password: str(formData.get('password')) }, { ip: clientIpFromHeaders(h), userAgent: h.get('user-agent') ?? undefined });
    await setSessionCookie(result.token);
    if (result.needsTotp) destination = `/admin/sign-in/verify?next=${encodeURIComponent(next)}`;
    else if (result.mustChangePassword) destination = `/admin/account/password?next=${encodeURIComponent(next)}`;
    else destination = next;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await setFlash({ kind: 'error', message: error.message, path: '/admin/sign-in' });
    destination = `/admin/sign-in?email=${encodeURIComponent(email)}&next=${encodeURIComponent(next)}`;
  }
  redirect(destination);
}

export async function verifyTotpAction(formData: FormData): Promise<void> {
  const h = await headers();
  await assertSameOrigin(h);
  const next = safeNext(str(formData.get('next')));
  let destination: string;
  try {
    const result = await verifySessionTotp(await readSessionCookie(), str(formData.get('code')), { ip: clientIpFromHeaders(h) });
    destination = result.mustChangePassword ? `/admin/account/password?next=${encodeURIComponent(next)}` : next;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    destination = error.code === 'unauthorized' && /session/.test(error.message) ? `/admin/sign-in?next=${encodeURIComponent(next)}` : `/admin/sign-in/verify?next=${encodeURIComponent(next)}`;
    await setFlash({ kind: 'error', message: error.message, path: destination.split('?')[0] });
  }
  redirect(destination);
}
