import { z } from 'zod';
import { NOTICE_KINDS } from '@/lib/mail/templates/notice-defaults';

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

export const subscribeInput = subscriptionPrefs.extend({ email: emailSchema });
export type SubscribeInput = z.output<typeof subscribeInput>;
