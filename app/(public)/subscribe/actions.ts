'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { clientIpFromHeaders } from '@/lib/server/auth/client-ip';
import { AppError } from '@/lib/server/errors';
import { subscribe } from '@/lib/server/subscriptions/subscribe';
import { confirmSubscription } from '@/lib/server/subscriptions/confirm-subscription';
import { confirmSmsCode } from '@/lib/server/subscriptions/confirm-sms-code';
import { resubscribe, setSubscriptionPaused, unsubscribe, updateSubscription } from '@/lib/server/subscriptions/manage-subscription';
import { parseLang, type Lang } from '@/lib/i18n/languages';
import { translator } from '@/lib/i18n/t';
import { prefsFromForm } from './_lib/prefs-form';

export type PublicFormState = { ok?: string; error?: string; field?: string; at?: number } | null;

const str = (fd: FormData, name: string) => {
  const v = fd.get(name);
  return typeof v === 'string' ? v : '';
};

/** The language of the page the form was on (its hidden `lang`), which answers and redirects keep. */
const formLang = (fd: FormData): Lang => parseLang(str(fd, 'lang')) ?? 'en';
const withLang = (url: string, lang: Lang) => `${url}${url.includes('?') ? '&' : '?'}lang=${lang}`;

/**
 * A refused form in the page's language. English keeps the service's own words (they name the
 * problem exactly); the other languages name the field, in their words, from the form's labels.
 */
function refusal(error: AppError, lang: Lang): PublicFormState {
  const at = Date.now();
  if (lang === 'en') return { error: error.message, field: error.field, at };
  const tr = translator(lang);
  const labels: Record<string, string> = { email: tr.t('subscribe.email'), endpoint: tr.t('subscribe.endpoint'), phone_number: tr.t('subscribe.phone'), code: tr.t('subscribe.code'), locale: tr.t('subscribe.language'), time_zone: tr.t('subscribe.timeZone'), regions: tr.t('subscribe.carrier'), components: tr.t('subscribe.services'), notice_kinds: tr.t('subscribe.kinds'), channel: tr.t('subscribe.where') };
  const field = error.field?.split('.')[0];
  if (error.code === 'rate_limited') return { error: tr.t('subscribe.tooMany'), field: error.field, at };
  if (field && labels[field]) return { error: tr.t('subscribe.invalid', { field: labels[field] }), field: error.field, at };
  return { error: tr.t('subscribe.failed'), field: error.field, at };
}

export async function subscribeAction(_prev: PublicFormState, fd: FormData): Promise<PublicFormState> {
  const ip = clientIpFromHeaders(await headers());
  const channel = str(fd, 'channel') || 'email';
  const endpoint = str(fd, 'endpoint').trim();
  const phone = str(fd, 'phone_number').trim();
  // Each channel reads only its own field, so one typed before switching channels does not refuse the form.
  const lang = formLang(fd);
  const locale = str(fd, 'locale');
  const input = { email: str(fd, 'email'), channel, ...(channel !== 'email' && channel !== 'sms' && endpoint ? { endpoint } : {}), ...(channel === 'sms' ? { phone_number: phone } : {}), ...(locale ? { locale } : {}), ...prefsFromForm(fd) };
  let codePage: string | null = null;
  try {
    const answer = await subscribe({ input, ip });
    if (answer.status !== 'check_your_phone') return { ok: lang === 'en' ? answer.message : translator(lang).t('subscribe.doneInbox'), at: Date.now() };
    codePage = withLang(`/subscribe/code?phone=${encodeURIComponent(phone)}`, lang);
  } catch (error) {
    if (error instanceof AppError) return refusal(error, lang);
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
    to = withLang(`/manage/${manageToken}?confirmed=1`, formLang(fd));
  } catch (error) {
    if (error instanceof AppError) return refusal(error, formLang(fd));
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
  redirect(withLang(to, formLang(fd)));
}

// The manage page's actions end in a redirect back to it (post/redirect/get), so what it shows
// next is read from the database, with JavaScript or without, and a reload repeats nothing.

export async function saveSubscriptionAction(_prev: PublicFormState, fd: FormData): Promise<PublicFormState> {
  const token = str(fd, 'token');
  try {
    // '' is a choice here (each carrier's own language); a form without the field keeps the stored one.
    await updateSubscription({ token, input: { ...prefsFromForm(fd), ...(fd.has('locale') ? { locale: str(fd, 'locale') } : {}) } });
  } catch (error) {
    if (error instanceof AppError) return refusal(error, formLang(fd));
    throw error;
  }
  redirect(withLang(`/manage/${encodeURIComponent(token)}?done=saved`, formLang(fd)));
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
    if (error instanceof AppError) return { ...refusal(error, formLang(fd)), field: undefined };
    throw error;
  }
  redirect(withLang(`/manage/${encodeURIComponent(token)}?${intent === 'unsubscribe' ? 'unsubscribed=1' : `done=${intent}`}`, formLang(fd)));
}
