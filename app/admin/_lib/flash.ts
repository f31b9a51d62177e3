import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { AppError } from '@/lib/server/errors';

// One-shot messages after a form post ("Incident declared", or why it failed). Kept in a short
// cookie rather than the URL, so nobody can craft a link that shows made-up text in the console.
const FLASH_COOKIE = 'candor_flash';

export interface Flash {
  kind: 'ok' | 'error';
  message: string;
  /** The page it belongs to; other pages ignore it. */
  path?: string;
}

export async function setFlash(flash: Flash): Promise<void> {
  (await cookies()).set(FLASH_COOKIE, JSON.stringify({ ...flash, message: flash.message.slice(0, 500) }), { httpOnly: true, sameSite: 'lax', path: '/admin', maxAge: 20 });
}

export async function readFlash(): Promise<Flash | null> {
  const raw = (await cookies()).get(FLASH_COOKIE)?.value;
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Flash;
    if (parsed.kind !== 'ok' && parsed.kind !== 'error') return null;
    const here = ((await headers()).get('x-candor-path') ?? '').split('?')[0];
    return !parsed.path || parsed.path === here ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Runs a console mutation and redirects: to the returned path (or `back`) with an ok message,
 * or back with the error when it fails with an AppError. Redirects from requireStaff pass through.
 */
export async function runFormAction(back: string, fn: () => Promise<{ to?: string; message?: string } | void>): Promise<never> {
  let to = back;
  try {
    const result = await fn();
    if (result?.to) to = result.to;
    if (result?.message) await setFlash({ kind: 'ok', message: result.message, path: to.split('?')[0] });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    to = back;
    await setFlash({ kind: 'error', message: error.message, path: to.split('?')[0] });
  }
  redirect(to);
}
