import { smsKeyword, type SmsKeyword } from '@/lib/channels/sms';
import { smsReplyText } from '@/lib/channels/payloads/sms';
import { mailSender, publicBaseUrl } from '@/lib/mail/send';
import { readerLanguage } from '@/lib/i18n/reader';
import { db } from '../db';
import { reserve, type WindowLimit } from '../rate-limit/reserve';
import { startSmsNumber } from './start-sms';
import { smsNumberForms, stopSmsNumber } from './stop-sms';
import { subscriberPageLocale } from './subscriber-locale';

// A reply from a phone, as the carriers' rules for texts to subscribers want it answered: STOP ends
// the number's subscription and says so once, START takes a STOP back, HELP says what these texts are
// and how to end them. Only a number Candor texts (or did) is answered, in its subscriber's language,
// and at most SMS_REPLIES_PER_NUMBER times an hour, so no phone or answering machine makes a loop.

export const SMS_REPLIES_PER_NUMBER: WindowLimit = { limit: 5, windowMs: 60 * 60_000, lockMs: null };

export interface SmsReplyAnswer {
  keyword: SmsKeyword | null;
  /** Subscriptions ended (STOP) or taken back (START). */
  changed: number;
  /** The text to send back to the phone, or null: nothing to say, or said often enough this hour. */
  reply: string | null;
}

export async function answerSmsReply({ from, text, now = new Date() }: { from: string; text: string; now?: Date }): Promise<SmsReplyAnswer> {
  const keyword = smsKeyword(text);
  if (!keyword) return { keyword, changed: 0, reply: null };
  let changed = 0;
  let subscriberId: string | null = null;
  if (keyword === 'stop') {
    const r = await stopSmsNumber({ from, now });
    [changed, subscriberId] = [r.ended, r.subscriberIds[0] ?? null];
  } else if (keyword === 'start') {
    const r = await startSmsNumber({ from, now });
    [changed, subscriberId] = [r.started, r.subscriberIds[0] ?? null];
  } else {
    const s = await db().subscriber.findFirst({ where: { channel: 'sms', phoneNumber: { in: smsNumberForms(from) } }, orderBy: { createdAt: 'desc' }, select: { id: true } });
    subscriberId = s?.id ?? null;
  }
  if (!subscriberId) return { keyword, changed, reply: null };
  const slot = await reserve(`sms-reply:${smsNumberForms(from)[0]}`, SMS_REPLIES_PER_NUMBER, now);
  if (!slot.allowed) return { keyword, changed, reply: null };
  const s = await db().subscriber.findUniqueOrThrow({ where: { id: subscriberId }, select: { id: true, locale: true, allRegions: true } });
  const { lang, locale } = readerLanguage(await subscriberPageLocale(s));
  const [sender, url, support] = await Promise.all([mailSender(), publicBaseUrl(), keyword === 'help' ? supportUrlOf(s) : null]);
  return { keyword, changed, reply: smsReplyText(lang, keyword, { brand: sender.brandIn(lang), url, support }, locale) };
}

/** The support page of the first carrier (in the page's order) the subscriber follows that has one. */
async function supportUrlOf(s: { id: string; allRegions: boolean }): Promise<string | null> {
  const region = await db().region.findFirst({ where: { supportUrl: { not: null }, ...(s.allRegions ? {} : { subscriptions: { some: { subscriberId: s.id } } }) }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }], select: { supportUrl: true } });
  return region?.supportUrl ?? null;
}
