import { cookies, headers } from 'next/headers';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from '../sessions/session-policy';

/** Whether the browser reached us over https (directly or through a proxy that says so). */
async function isHttps(): Promise<boolean> {
  const h = await headers();
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (proto) return proto === 'https';
  return (process.env.PUBLIC_URL ?? '').startsWith('https://');
}

export async function readSessionCookie(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

/** Only in server actions and route handlers (cookies cannot be set while rendering). */
export async function setSessionCookie(token: string): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await isHttps(),
    path: '/',
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
