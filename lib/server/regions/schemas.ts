import { z } from 'zod';
import { parseSenderId, SENDER_ID_RULE } from '@/lib/channels/sms/config';
import { LANGUAGES, languageTags, parseLang } from '@/lib/i18n/languages';
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
/**
 * The languages a region's pages are offered in: a list (or a comma string) of tags Candor speaks,
 * stored canonical and once per language as "fr-CA,en-CA". Empty offers every language.
 */
const languages = z
  .union([z.array(z.string().max(35)).max(LANGUAGES.length * 4), z.string().max(200)])
  .transform((v, ctx) => {
    const out: string[] = [];
    for (const raw of Array.isArray(v) ? v.map((t) => t.trim()).filter((t) => t !== '') : languageTags(v)) {
      let tag: string | undefined;
      try {
        tag = Intl.getCanonicalLocales(raw)[0];
      } catch {
        tag = undefined;
      }
      const lang = parseLang(tag);
      if (!tag || !lang) {
        ctx.addIssue({ code: 'custom', message: `"${raw.slice(0, 35)}" is not a language Candor speaks (${LANGUAGES.join(', ')})` });
        return z.NEVER;
      }
      if (!out.some((t) => parseLang(t) === lang)) out.push(tag);
    }
    return out.join(',');
  });
const color = z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f4fd1');

const fields = {
  name: z.string().trim().min(1, 'required').max(100),
  slug: slugSchema.optional(),
  carrier: z.string().trim().min(1, 'required').max(60),
  product: z.string().trim().min(1, 'required').max(60).describe('What this carrier calls the device, e.g. Sidekick or Hiptop'),
  market: z.string().trim().min(1, 'required').max(60),
  locale: locale.describe('BCP 47 locale, e.g. en-AU'),
  languages: languages.describe('Languages its pages are offered in besides its locale\'s, e.g. ["fr-CA", "en-CA"]; empty offers every language'),
  time_zone: timeZone.describe('IANA time zone, e.g. Australia/Sydney'),
  estimated_users: z.coerce.number().int().min(0).max(2_000_000_000),
  accent_color: color,
  support_url: z
    .string()
    .trim()
    .max(300)
    .transform((v) => (v === '' ? null : v))
    .pipe(z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).nullable())
    .nullable()
    .optional(),
  sms_sender_id: smsSenderId.describe('Who its customers’ text messages come from ("Telstra", a short code or a number); empty: the sender in SMS_URL'),
};
export const RegionFields = z.object({
  ...fields,
  locale: fields.locale.default('en-US'),
  languages: fields.languages.default(''),
  estimated_users: fields.estimated_users.default(0),
  accent_color: fields.accent_color.default('#1f4fd1'),
});
export const CreateRegionInput = RegionFields;
/** A change names only what it changes: no defaults, so an omitted field keeps its stored value. */
export const UpdateRegionInput = z.object(fields).partial().extend({ version: z.coerce.number().int().min(1).optional() });
