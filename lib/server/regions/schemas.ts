import { z } from 'zod';
import { parseSenderId, SENDER_ID_RULE } from '@/lib/channels/sms/config';
import { slugSchema } from '../components/schemas';

const timeZone = z
  .string()
  .trim()
  .min(1, 'required')
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'not a known IANA time zone (e.g. Australia/Sydney)');
const locale = z
  .string()
  .trim()
  .max(35)
  .refine((l) => {
    try {
      return Intl.getCanonicalLocales(l).length === 1;
    } catch {
      return false;
    }
  }, 'not a valid locale (e.g. en-AU)');
const isSenderId = (v: string) => {
  try {
    parseSenderId(v);
    return true;
  } catch {
    return false;
  }
};
const smsSenderId = z
  .string()
  .trim()
  .max(16, `not an SMS sender ID: use ${SENDER_ID_RULE}`)
  .transform((v) => (v === '' ? null : v))
  .refine((v) => v === null || isSenderId(v), `not an SMS sender ID: use ${SENDER_ID_RULE}`)
  .nullable()
  .optional();
const color = z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f4fd1');

export const RegionFields = z.object({
  name: z.string().trim().min(1, 'required').max(100),
  slug: slugSchema.optional(),
  carrier: z.string().trim().min(1, 'required').max(60),
  product: z.string().trim().min(1, 'required').max(60).describe('What this carrier calls the device, e.g. Sidekick or Hiptop'),
  market: z.string().trim().min(1, 'required').max(60),
  locale: locale.default('en-US').describe('BCP 47 locale, e.g. en-AU'),
  time_zone: timeZone.describe('IANA time zone, e.g. Australia/Sydney'),
  estimated_users: z.coerce.number().int().min(0).max(2_000_000_000).default(0),
  accent_color: color.default('#1f4fd1'),
  support_url: z
    .string()
    .trim()
    .max(300)
    .transform((v) => (v === '' ? null : v))
    .pipe(z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).nullable())
    .nullable()
    .optional(),
  sms_sender_id: smsSenderId.describe('Who its customers’ text messages come from ("Telstra", a short code or a number); empty: the sender in SMS_URL'),
});
export const CreateRegionInput = RegionFields;
export const UpdateRegionInput = RegionFields.partial().extend({ version: z.coerce.number().int().min(1).optional() });
