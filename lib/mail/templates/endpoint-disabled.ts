import { renderHtml, renderText } from '../render';
import type { RenderedEmail } from './notice';

/** Sent to a webhook or chat subscription's contact when its endpoint kept failing and was switched off. */
export function renderEndpointDisabled(p: { brand: string; accentColor: string; channelLabel: string; endpointHost: string; failingSince: Date; lastError: string; subscribeUrl: string; manageUrl: string }): RenderedEmail {
  const since = p.failingSince.toUTCString();
  const doc = {
    preheader: `${p.channelLabel} notices to ${p.endpointHost} are switched off`,
    brand: p.brand,
    accentColor: p.accentColor,
    blocks: [
      { type: 'heading' as const, text: `We stopped sending to ${p.endpointHost}` },
      { type: 'paragraph' as const, text: `Your ${p.channelLabel} subscription to ${p.brand} notices posts to ${p.endpointHost}. Every attempt since ${since} has failed, so we have switched it off and will send nothing more to it.` },
      { type: 'facts' as const, rows: [{ label: 'Last answer', value: p.lastError }] },
      { type: 'paragraph' as const, text: 'Once the endpoint works again, subscribe it again to receive notices there.' },
      { type: 'button' as const, text: 'Subscribe again', url: p.subscribeUrl },
      { type: 'note' as const, text: 'You receive this because your address is the contact for this subscription.' },
    ],
    footer: [{ type: 'links' as const, links: [{ text: 'Manage this subscription', url: p.manageUrl }] }],
  };
  return { subject: `${p.brand}: ${p.channelLabel} notices to ${p.endpointHost} are switched off`, html: renderHtml(doc), text: renderText(doc) };
}
