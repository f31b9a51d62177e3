import type { Lang } from '@/lib/i18n/languages';
import { translator } from '@/lib/i18n/t';
import { renderHtml, renderText } from '../render';
import type { RenderedEmail } from './notice';

/**
 * Sent when someone subscribes an address that is already subscribed: the owner gets their link,
 * in the owner's language (whoever asked, in whatever language, may not be them).
 */
export function renderManageLink(p: { lang: Lang; locale: string; brand: string; accentColor: string; manageUrl: string }): RenderedEmail {
  const tr = translator(p.lang, p.locale);
  const doc = {
    lang: p.lang,
    preheader: tr.t('mail.manageLink.heading'),
    brand: p.brand,
    accentColor: p.accentColor,
    blocks: [
      { type: 'heading' as const, text: tr.t('mail.manageLink.heading') },
      { type: 'paragraph' as const, text: tr.t('mail.manageLink.body') },
      { type: 'button' as const, text: tr.t('mail.manageLink.button'), url: p.manageUrl },
      { type: 'note' as const, text: tr.t('mail.manageLink.ignore') },
    ],
    footer: [{ type: 'note' as const, text: tr.t('mail.footer.confirmedOnly', { brand: p.brand }) }],
  };
  return { subject: tr.t('mail.manageLink.subject', { brand: p.brand }), html: renderHtml(doc), text: renderText(doc) };
}
