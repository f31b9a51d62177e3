import type { Lang } from '@/lib/i18n/languages';
import { translator } from '@/lib/i18n/t';
import { renderHtml, renderText } from '../render';
import type { RenderedEmail } from './notice';
import { formatLocalTime } from './variables';
import { DEFAULT_BRAND_COLOR, DEFAULT_PAGE_NAME } from '@/lib/domain/page-defaults';

export interface ConfirmSubscriptionProps {
  /** The language it is written in, and the locale its dates and lists follow (a subscriber's, e.g. en-CA). */
  lang: Lang;
  locale: string;
  /** The page's name in that language. */
  brand: string;
  accentColor: string;
  confirmUrl: string;
  /** What they asked for: service and carrier names already in their language, or 'all'. */
  services: string[] | 'all';
  regions: string[] | 'all';
  /** A webhook or chat subscription: the channel's name and the endpoint's host. */
  endpoint: { channel: string; host: string } | null;
  /** Hours the link has left: 48 when new, fewer when a repeated request mails the same link again. */
  expiresHours: number;
  /** When the link stops working, shown in the subscriber's zone. */
  expiresAt: Date;
  timeZone: string;
}

const listIn = (locale: string, items: string[]) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);

/** The double opt-in message, in the subscriber's language: one link to a page where one click confirms. */
export function renderConfirmSubscription(p: ConfirmSubscriptionProps): RenderedEmail {
  const tr = translator(p.lang, p.locale);
  const scope = tr.t('mail.scope', {
    services: p.services === 'all' ? tr.t('mail.scope.allServices') : listIn(tr.locale, p.services),
    regions: p.regions === 'all' ? tr.t('mail.scope.allRegions') : listIn(tr.locale, p.regions),
  });
  const asked = p.endpoint ? tr.t('mail.confirm.askedEndpoint', { channel: p.endpoint.channel, host: p.endpoint.host, scope }) : tr.t('mail.confirm.askedEmail', { scope });
  const doc = {
    lang: p.lang,
    preheader: tr.t('mail.confirm.preheader'),
    brand: p.brand,
    accentColor: p.accentColor,
    blocks: [
      { type: 'heading' as const, text: tr.t('mail.confirm.heading') },
      { type: 'paragraph' as const, text: asked },
      { type: 'button' as const, text: tr.t('mail.confirm.button'), url: p.confirmUrl },
      { type: 'note' as const, text: `${tr.t('mail.confirm.expires', { hours: p.expiresHours, until: formatLocalTime(p.expiresAt, p.timeZone, tr.locale) })} ${tr.t('mail.confirm.ignore')}` },
    ],
    footer: [{ type: 'note' as const, text: tr.t('mail.footer.confirmedOnly', { brand: p.brand }) }],
  };
  return { subject: tr.t('mail.confirm.subject', { brand: p.brand }), html: renderHtml(doc), text: renderText(doc) };
}

export function previewConfirmSubscription(now: Date): ConfirmSubscriptionProps {
  return { lang: 'en', locale: 'en-US', brand: DEFAULT_PAGE_NAME, accentColor: DEFAULT_BRAND_COLOR, confirmUrl: 'http://localhost:3000/confirm/preview-token', services: 'all', regions: 'all', endpoint: null, expiresHours: 48, expiresAt: new Date(now.getTime() + 48 * 3600_000), timeZone: 'UTC' };
}
