import { randomInt } from 'node:crypto';
import { newSmsCode, SMS_CODE_MINUTES } from '@/lib/domain/sms-code';
import { mailSender, publicBaseUrl } from '@/lib/mail/send';
import { smsStopLine } from '@/lib/channels/payloads/sms';
import { readerLanguage } from '@/lib/i18n/reader';
import { t } from '@/lib/i18n/t';
import { isUniqueViolation } from '../api/respond';
import { hmac } from '../crypto';
import { db, type Tx } from '../db';
import { AppError } from '../errors';
import { instanceSecret } from '../secret';
import { sendWebSms } from '../sms/web-sender';
import { SUBSCRIBE_PER_ADDRESS, SUBSCRIBE_PER_IP, takeSubscribeSlot } from './rate-limit';
import { resolvePrefs, type ResolvedPrefs } from './resolve-prefs';
import type { SubscribeInput } from './schemas';
import type { SubscriptionTarget } from './subscription-target';
import { requestPageLocale, subscriberLocale, subscriberPageLocale } from './subscriber-locale';
import { manageToken } from './tokens';

// Subscribing by SMS: the number proves itself with a 6-digit code sent to it, typed on the
// page (or sent to the API). Only an HMAC of the code is kept; it lives SMS_CODE_MINUTES and
// allows a few wrong tries. A number already subscribed is texted its manage link instead, so
// the answer never tells a stranger whether a number is subscribed. A number is one subscription
// whatever e-mail address comes with it: the address is its contact (the one given with the
// latest request before it was confirmed; asking again once confirmed only texts the manage link).

export const SUBSCRIBE_SMS_ANSWER = { status: 'check_your_phone', message: `If the number can receive text messages, a 6-digit code is on its way. Type it on the page within ${SMS_CODE_MINUTES} minutes to confirm.` } as const;
export type SubscribeSmsAnswer = typeof SUBSCRIBE_SMS_ANSWER;

export const smsCodeHash = (secret: string, subscriberId: string, code: string) => hmac(secret, `sms-code:${subscriberId}:${code}`);

export async function subscribeBySms({ data, target, ip, now, newId, writePrefs }: { data: SubscribeInput; target: SubscriptionTarget; ip?: string; now: Date; newId: () => string; writePrefs: (tx: Tx, id: string, prefs: ResolvedPrefs) => Promise<void> }): Promise<SubscribeSmsAnswer> {
  const phoneNumber = target.phoneNumber!;
  if (ip) await takeSubscribeSlot(`subscribe-ip:${ip}`, SUBSCRIBE_PER_IP, now);
  await takeSubscribeSlot(`subscribe-email:${data.email}`, SUBSCRIBE_PER_ADDRESS, now);
  await takeSubscribeSlot(`subscribe-phone:${phoneNumber}`, SUBSCRIBE_PER_ADDRESS, now);
  const prefs = await resolvePrefs(data);
  const locale = await subscriberLocale(data.locale, prefs);
  // The code speaks the language stored for notices, else the first carrier's (as the pages do).
  const reader = readerLanguage(await requestPageLocale(locale, prefs));
  const [sender, base, secret] = await Promise.all([mailSender(), publicBaseUrl(), instanceSecret()]);
  const code = newSmsCode(randomInt);
  const record = () =>
    db().$transaction(async (tx) => {
      const existing = await tx.subscriber.findUnique({ where: { key: target.key } });
      if (existing?.confirmedAt && !existing.unsubscribedAt && !existing.disabledAt) {
        const { token } = await manageToken(existing.id, existing.tokenGeneration);
        // In the owner's language: whoever asked may not be them.
        const { lang } = readerLanguage(await subscriberPageLocale(existing, tx));
        return `${t(lang, 'sms.alreadySubscribed', { brand: sender.brandIn(lang), url: `${base}/manage/${token}` })}\n${smsStopLine(lang)}`;
      }
      const id = existing?.id ?? newId();
      const fields = { channel: 'sms', endpoint: null, phoneNumber, timeZone: prefs.timeZone, locale, allRegions: prefs.allRegions, allComponents: prefs.allComponents, noticeKinds: prefs.noticeKinds, smsCodeHash: smsCodeHash(secret, id, code), smsCodeExpiresAt: new Date(now.getTime() + SMS_CODE_MINUTES * 60_000), smsCodeAttempts: 0, confirmTokenHash: null, confirmExpiresAt: null, confirmNonce: null, disabledAt: null, disabledReason: null };
      if (existing) await tx.subscriber.update({ where: { id }, data: { ...fields, email: data.email, confirmedAt: null, unsubscribedAt: null, pausedAt: null, source: 'form' } });
      else await tx.subscriber.create({ data: { id, email: data.email, key: target.key, ...fields, source: 'form', manageTokenHash: (await manageToken(id, 1)).hash } });
      await writePrefs(tx, id, prefs);
      return t(reader.lang, 'sms.code', { code, brand: sender.brandIn(reader.lang), minutes: SMS_CODE_MINUTES }, reader.locale);
    });
  let text: string;
  for (let attempt = 1; ; attempt += 1) {
    try {
      text = await record();
      break;
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error)) throw error;
    }
  }
  const outcome = await sendWebSms({ to: phoneNumber, text, reference: 'subscription-code' });
  if (outcome.kind === 'failed') throw new AppError('validation', `phone_number: the text message could not be sent to this number (${outcome.reason})`, 'phone_number');
  if (outcome.kind !== 'accepted') throw new AppError('unavailable', 'text messages cannot be sent right now; try again in a few minutes');
  return SUBSCRIBE_SMS_ANSWER;
}
