import type { Lang } from '@/lib/i18n/languages';
import { translator } from '@/lib/i18n/t';
import { renderHtml, renderText } from '../render';
import type { RenderedEmail } from './notice';
import { formatLocalTime } from './variables';

/**
 * Sent to a webhook or chat subscription's contact when its endpoint kept failing and was switched
 * off: in the subscriber's language, the time it began failing in their zone.
 */
export function renderEndpointDisabled(p: { lang: Lang; locale: string; timeZone: string; brand: string; accentColor: string; channelLabel: string; endpointHost: string; failingSince: Date; lastError: string; subscribeUrl: string; manageUrl: string }): RenderedEmail {
  const tr = translator(p.lang, p.locale);
  const named = { brand: p.brand, channel: p.channelLabel, host: p.endpointHost };
  const doc = {
    lang: p.lang,
    preheader: tr.t('mail.endpointOff.preheader', named),
    brand: p.brand,
    accentColor: p.accentColor,
    blocks: [
      { type: 'heading' as const, text: tr.t('mail.endpointOff.heading', named) },
      { type: 'paragraph' as const, text: tr.t('mail.endpointOff.body', { ...named, since: formatLocalTime(p.failingSince, p.timeZone, tr.locale) }) },
      { type: 'facts' as const, rows: [{ label: tr.t('mail.endpointOff.lastAnswer'), value: p.lastError }] },
      { type: 'paragraph' as const, text: tr.t('mail.endpointOff.again') },
      { type: 'button' as const, text: tr.t('mail.endpointOff.button'), url: p.subscribeUrl },
      { type: 'note' as const, text: tr.t('mail.endpointOff.why') },
    ],
    footer: [{ type: 'links' as const, links: [{ text: tr.t('mail.endpointOff.manage'), url: p.manageUrl }] }],
  };
  return { subject: tr.t('mail.endpointOff.subject', named), html: renderHtml(doc), text: renderText(doc) };
}
