import type Mail from 'nodemailer/lib/mailer';
import { db } from '@/lib/server/db';
import { env } from '@/lib/server/env';
import { mailOptions, type Sender } from './message';

/** PUBLIC_URL, or the local address when it is unset. */
export function publicBaseUrl(): string {
  const e = env();
  return (e.publicUrl ?? `http://localhost:${e.port}`).replace(/\/+$/, '');
}

export function publicHost(): string {
  return new URL(publicBaseUrl()).hostname;
}

/** MAIL_FROM ("Name <addr>" or addr) wins; otherwise the page settings. */
export async function mailSender(): Promise<Sender & { brand: string; accentColor: string }> {
  const settings = await db().pageSettings.findUnique({ where: { id: 1 } });
  const brand = settings?.name ?? 'Candor status';
  const accentColor = settings?.brandColor ?? '#1f4fd1';
  const configured = env().mailFrom;
  if (configured) {
    const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(configured);
    if (m) return { name: m[1]?.trim() || brand, email: m[2]!.trim(), brand, accentColor };
    return { name: settings?.mailFromName ?? brand, email: configured.trim(), brand, accentColor };
  }
  return { name: settings?.mailFromName ?? brand, email: settings?.mailFromEmail ?? `status@${publicHost()}`, brand, accentColor };
}

export interface TransactionalMail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/**
 * Message options for Candor's own mail (confirmation, manage link, password reset): the notices'
 * headers, without List-Unsubscribe (there is no subscription to leave yet). The delivery worker
 * sends these from the OutboxMail queue (lib/jobs/outbox-mail.ts); code that needs a mail sent
 * enqueues it in its transaction instead of sending it here.
 */
export async function transactionalMailOptions(input: TransactionalMail, from?: Sender): Promise<Mail.Options> {
  return mailOptions({ ...input, from: from ?? (await mailSender()), host: publicHost() });
}
