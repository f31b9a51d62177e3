'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { clientIpFromHeaders } from '@/lib/server/auth/client-ip';
import { AppError } from '@/lib/server/errors';
import { subscribe } from '@/lib/server/subscriptions/subscribe';
import { confirmSubscription } from '@/lib/server/subscriptions/confirm-subscription';
import { confirmSmsCode } from '@/lib/server/subscriptions/confirm-sms-code';
import { resubscribe, setSubscriptionPaused, unsubscribe, updateSubscription } from '@/lib/server/subscriptions/manage-subscription';
import { prefsFromForm } from './_lib/prefs-form';

export type PublicFormState = { ok?: string; error?: string; field?: string; at?: number } | null;

const str = (fd: FormData, name: string) => {
  const v = fd.get(name);
  return typeof v === 'string' ? v : '';
};

export async function subscribeAction(_prev: PublicFormState, fd: FormData): Promise<PublicFormState> {
  const ip = clientIpFromHeaders(await headers());
  const channel = str(fd, 'channel') || 'email';
  const endpoint = str(fd, 'endpoint').trim();
  const phone = str(fd, 'phone_number').trim();
  // Each channel reads only its own field, so one typed before switching channels does not refuse the form.
  const input = { email: str(fd, 'email'), channel, ...(channel !== 'email' && channel !== 'sms' && endpoint ? { endpoint } : {}), ...(channel === 'sms' ? { phone_number: phone } : {}), ...prefsFromForm(fd) };
  let codePage: string | null = null;
  try {
    const answer = await subscribe({ input, ip });
    if (answer.status !== 'check_your_phone') return { ok: answer.message, at: Date.now() };
    codePage = `/subscribe/code?phone=${encodeURIComponent(phone)}`;
  } catch (error) {
    if (error instanceof AppError) return { error: error.message, field: error.field, at: Date.now() };
    throw error;
  }
  redirect(codePage);
}

/** The code page's form: the 6 digits texted to the number; a right code lands on the manage page. */
export async function smsCodeAction(_prev: PublicFormState, fd: FormData): Promise<PublicFormState> {
  const ip = clientIpFromHeaders(await headers());
  let to: string;
  try {
    const { manageToken } = await confirmSmsCode({ input: { phone_number: str(fd, 'phone_number'), code: str(fd, 'code') }, ip });
    to = `/manage/${manageToken}?confirmed=1`;
  } catch (error) {
    if (error instanceof AppError) return { error: error.message, field: error.field, at: Date.now() };
    throw error;
  }
  redirect(to);
}

export async function confirmAction(fd: FormData): Promise<void> {
  let to: string;
  try {
    const { manageToken } = await confirmSubscription({ token: str(fd, 'token') });
    to = `/manage/${manageToken}?confirmed=1`;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    to = `/confirm/${encodeURIComponent(str(fd, 'token').slice(0, 80))}?failed=1`;
  }
  redirect(to);
}

// The manage page's actions end in a redirect back to it (post/redirect/get), so what it shows
// next is read from the database, with JavaScript or without, and a reload repeats nothing.

export async function saveSubscriptionAction(_prev: PublicFormState, fd: FormData): Promise<PublicFormState> {
  const token = str(fd, 'token');
  try {
    await updateSubscription({ token, input: prefsFromForm(fd) });
  } catch (error) {
    if (error instanceof AppError) return { error: error.message, field: error.field, at: Date.now() };
    throw error;
  }
  redirect(`/manage/${encodeURIComponent(token)}?done=saved`);
}

export async function subscriptionStateAction(_prev: PublicFormState, fd: FormData): Promise<PublicFormState> {
  let token = str(fd, 'token');
  const intent = str(fd, 'intent');
  try {
    // Unsubscribing retires this link; the person who just did it is carried to the new one, where they can undo it.
    if (intent === 'unsubscribe') token = (await unsubscribe({ token })).manageToken;
    else if (intent === 'pause') await setSubscriptionPaused({ token, paused: true });
    else if (intent === 'resume') await setSubscriptionPaused({ token, paused: false });
    else if (intent === 'resubscribe') await resubscribe({ token });
    else throw new AppError('bad_request', 'unknown action');
  } catch (error) {
    if (error instanceof AppError) return { error: error.message, at: Date.now() };
    throw error;
  }
  redirect(`/manage/${encodeURIComponent(token)}?${intent === 'unsubscribe' ? 'unsubscribed=1' : `done=${intent}`}`);
}
