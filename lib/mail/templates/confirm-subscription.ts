import { renderHtml, renderText } from '../render';
import type { RenderedEmail } from './notice';

export interface ConfirmSubscriptionProps {
  brand: string;
  accentColor: string;
  confirmUrl: string;
  /** What they asked for, in words: "Contacts and Calendar in Australia (Telstra)". */
  summary: string;
  /** Hours the link has left: 48 when new, fewer when a repeated request mails the same link again. */
  expiresHours: number;
}

/** The double opt-in message: one link to a page where one click confirms. */
export function renderConfirmSubscription(p: ConfirmSubscriptionProps): RenderedEmail {
  const doc = {
    preheader: 'Confirm that you want status notices',
    brand: p.brand,
    accentColor: p.accentColor,
    blocks: [
      { type: 'heading' as const, text: 'Confirm your subscription' },
      { type: 'paragraph' as const, text: `Someone, hopefully you, asked for status notices by e-mail: ${p.summary}.` },
      { type: 'button' as const, text: 'Confirm my subscription', url: p.confirmUrl },
      { type: 'note' as const, text: `The link works for ${p.expiresHours} hour${p.expiresHours === 1 ? '' : 's'}. If you did not ask for this, ignore this message and you will not hear from us again.` },
    ],
    footer: [{ type: 'note' as const, text: `${p.brand} sends incident notices only to confirmed subscribers.` }],
  };
  return { subject: `Confirm your ${p.brand} subscription`, html: renderHtml(doc), text: renderText(doc) };
}

export function previewConfirmSubscription(): ConfirmSubscriptionProps {
  return { brand: 'Candor status', accentColor: '#1f4fd1', confirmUrl: 'http://localhost:3000/confirm/preview-token', summary: 'all services in all regions', expiresHours: 48 };
}
