import { z } from 'zod';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { AppError } from '../errors';
import { parseInput } from '../validate';
import { PageTranslationsInput, mergeTranslations, readTranslations, writeTranslations } from '@/lib/domain/translations';
import { AVAILABLE_CHANNELS, CHANNELS, type Channel } from '@/lib/channels/types';

const optional = (max: number) => z.string().trim().max(max).optional().transform((v) => v || null);
const url = z
  .string()
  .trim()
  .max(300)
  .optional()
  .transform((v) => v || null)
  .pipe(z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).nullable());

export const PageSettingsInput = z.object({
  version: z.coerce.number().int().min(1).optional(),
  name: z.string().trim().min(1, 'required').max(100),
  public_url: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).max(300),
  time_zone: z.string().trim().min(1).max(64).refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'not a known IANA time zone'),
  support_email: optional(254).pipe(z.email('not a valid e-mail address').nullable()),
  support_url: url,
  brand_color: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f4fd1'),
  logo_text: optional(60),
  footer_text: optional(500),
  mail_from_name: z.string().trim().min(1).max(100),
  mail_from_email: z.email('not a valid e-mail address').max(254),
  /** Channels visitors may subscribe by besides e-mail (always on); omitted keeps the current choice. */
  channels: z.array(z.enum(AVAILABLE_CHANNELS as [Channel, ...Channel[]], `one of ${AVAILABLE_CHANNELS.join(', ')}`)).max(CHANNELS.length).optional(),
  translations: PageTranslationsInput.optional(),
});

export async function updatePageSettings({ actor, input }: { actor: Actor; input: unknown }) {
  assertRole(actor, 'admin');
  const d = parseInput(PageSettingsInput, input);
  const { row, changed } = await db().$transaction(async (tx) => {
    const before = await tx.pageSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
    const wanted = {
      name: d.name,
      publicUrl: d.public_url.replace(/\/+$/, ''),
      timeZone: d.time_zone,
      supportEmail: d.support_email,
      supportUrl: d.support_url,
      brandColor: d.brand_color,
      logoText: d.logo_text,
      footerText: d.footer_text,
      mailFromName: d.mail_from_name,
      mailFromEmail: d.mail_from_email,
      ...(d.channels ? { channels: ['email', ...d.channels.filter((c) => c !== 'email')].join(',') } : {}),
      translations: writeTranslations(mergeTranslations('page', readTranslations('page', before.translations), d.translations)),
    };
    // Saving what is already there (a retried request, a form sent unchanged) changes nothing.
    if (Object.entries(wanted).every(([k, v]) => before[k as keyof typeof before] === v)) return { row: before, changed: false };
    const claimed = await tx.pageSettings.updateMany({ where: { id: 1, version: d.version ?? before.version }, data: { version: { increment: 1 } } });
    if (claimed.count !== 1) throw new AppError('conflict', 'The settings were changed by someone else since you opened them. Reload and try again.', 'version');
    const after = await tx.pageSettings.update({ where: { id: 1 }, data: wanted });
    const { createdAt: _c, updatedAt: _u, version: _v, ...b } = before;
    const { createdAt: _c2, updatedAt: _u2, version: _v2, ...a } = after;
    await writeAudit(tx, actor, { action: 'settings.update', objectType: 'page_settings', objectId: '1', before: b, after: a });
    return { row: after, changed: true };
  });
  if (changed) await publishChange('settings').catch(() => undefined);
  return row;
}
