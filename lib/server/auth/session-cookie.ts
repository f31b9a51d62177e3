import { cookies, headers } from 'next/headers';
import { stampedProto } from '../http/stamped';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from '../sessions/session-policy';

/** Whether the browser reached us over https (directly, or through a trusted proxy that says so), or PUBLIC_URL is https. */
async function isHttps(): Promise<boolean> {
  if (stampedProto(await headers()) === 'https') return true;
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
