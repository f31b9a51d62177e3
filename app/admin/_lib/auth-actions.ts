'use server';

import { redirect } from 'next/navigation';
import { assertSameOrigin } from '@/lib/server/auth/csrf';
import { clearSessionCookie, readSessionCookie } from '@/lib/server/auth/session-cookie';
import { revokeSession } from '@/lib/server/sessions/revoke-sessions';

export async function signOutAction(): Promise<void> {
  await assertSameOrigin();
  await revokeSession(await readSessionCookie());
  await clearSessionCookie();
  redirect('/admin/sign-in?signed_out=1');
}
