import { languageTags } from '@/lib/i18n/languages';
import type { Region } from '@/lib/generated/postgresql/client';

export function regionJson(r: Region) {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    carrier: r.carrier,
    product: r.product,
    market: r.market,
    locale: r.locale,
    languages: languageTags(r.languages),
    time_zone: r.timeZone,
    estimated_users: r.estimatedUsers,
    accent_color: r.accentColor,
    support_url: r.supportUrl,
    sms_sender_id: r.smsSenderId,
    position: r.position,
    version: r.version,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}
