import { renderHtml, renderText } from '../render';
import type { RenderedEmail } from './notice';

/** Sent when someone subscribes an address that is already subscribed: the owner gets their link. */
export function renderManageLink(p: { brand: string; accentColor: string; manageUrl: string }): RenderedEmail {
  const doc = {
    preheader: 'You are already subscribed',
    brand: p.brand,
    accentColor: p.accentColor,
    blocks: [
      { type: 'heading' as const, text: 'You are already subscribed' },
      { type: 'paragraph' as const, text: 'Someone, hopefully you, asked to subscribe this address to status notices. It already receives them, so nothing has changed.' },
      { type: 'button' as const, text: 'Change what you receive', url: p.manageUrl },
      { type: 'note' as const, text: 'If you did not ask for this, you can ignore this message.' },
    ],
    footer: [{ type: 'note' as const, text: `${p.brand} sends incident notices only to confirmed subscribers.` }],
  };
  return { subject: `Your ${p.brand} subscription`, html: renderHtml(doc), text: renderText(doc) };
}
