import { z } from 'zod';
import { NOTICE_KINDS } from '@/lib/mail/templates/notice-defaults';
import { CHANNELS, isHttpChannel } from '@/lib/channels/types';
import { ENDPOINT_MAX } from '@/lib/channels/http/endpoint';
import { LANGUAGES, languageLocale } from '@/lib/i18n/languages';

export const EMAIL_MAX = 254;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const emailSchema = z
  .string()
  .trim()
  .max(EMAIL_MAX, 'an e-mail address has at most 254 characters')
  .toLowerCase()
  .pipe(z.email('not a valid e-mail address'));

const slugList = z.union([z.literal('all'), z.array(z.string().trim().min(1).max(100)).max(200)]);

const languageTag = (blankMeansRegion: boolean) =>
  z
    .string()
    .trim()
    .max(35)
    .transform((tag, ctx) => {
      if (blankMeansRegion && tag === '') return '';
      const locale = languageLocale(tag);
      if (!locale) ctx.addIssue({ code: 'custom', message: `not a language Candor writes in (${LANGUAGES.join(', ')})` });
      return locale ?? z.NEVER;
    });

/** The language notices are written in: en, fr-CA or de-DE (a country keeps its dates, e.g. en-CA); by default the one carrier's. */
export const subscriberLocaleSchema = languageTag(false);

/** The same, where '' may also be chosen: each carrier's own language (what Subscriber.locale '' means, lib/i18n/reader.ts). */
export const subscriberLocaleOrRegionSchema = languageTag(true);

/** What a subscriber chooses: the form, POST /api/subscriptions, the import and the manage page share it. */
export const subscriptionPrefs = z.object({
  regions: slugList.default('all'),
  components: slugList.default('all'),
  time_zone: z
    .string()
    .trim()
    .max(64)
    .default('UTC')
    .refine(isTimeZone, 'not a known IANA time zone (e.g. Australia/Sydney)'),
  notice_kinds: z.array(z.enum(NOTICE_KINDS as [string, ...string[]])).max(NOTICE_KINDS.length).default([]),
});
export type SubscriptionPrefs = z.output<typeof subscriptionPrefs>;

/**
 * Statuspage's subscriber field names: `channel`, `endpoint` (the https URL of a webhook or chat
 * incoming webhook), `phone_number` (E.164) and `email` (the address, or the contact who confirms
 * a webhook or chat subscription and is told if its endpoint is disabled).
 */
export const subscribeFields = subscriptionPrefs.extend({
  email: emailSchema,
  channel: z.enum(CHANNELS, `one of ${CHANNELS.join(', ')}`).default('email'),
  endpoint: z.string().trim().max(ENDPOINT_MAX, `a URL has at most ${ENDPOINT_MAX} characters`).optional(),
  phone_number: z.string().trim().max(32).optional(),
  locale: subscriberLocaleSchema.optional(),
});

/** The endpoint and number go with the channel: a URL for webhook and chat only, a number for SMS only. */
export function channelNeedsEndpoint(v: { channel: string; endpoint?: string; phone_number?: string }, ctx: z.RefinementCtx): void {
  if (isHttpChannel(v.channel) && !v.endpoint) ctx.addIssue({ code: 'custom', path: ['endpoint'], message: `the ${v.channel} channel needs the https URL to post to` });
  if (!isHttpChannel(v.channel) && v.endpoint) ctx.addIssue({ code: 'custom', path: ['endpoint'], message: `${v.channel} subscriptions take no endpoint` });
  if (v.channel !== 'sms' && v.phone_number) ctx.addIssue({ code: 'custom', path: ['phone_number'], message: 'only SMS subscriptions take a phone number' });
}

export const subscribeInput = subscribeFields.superRefine(channelNeedsEndpoint);
export type SubscribeInput = z.output<typeof subscribeInput>;
