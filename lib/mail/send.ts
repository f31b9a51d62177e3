import { db } from '@/lib/server/db';
import { env } from '@/lib/server/env';
import { pageNameByLang } from '@/lib/domain/translations';
import { mailOptions, type Sender } from './message';
import type { ComposedMail } from './raw-message';
import { DEFAULT_BRAND_COLOR, DEFAULT_PAGE_NAME } from '@/lib/domain/page-defaults';

/** The schema's default for PageSettings.publicUrl: a row nobody has edited names no site. */
const UNSET_SETTINGS_URL = 'http://localhost:3000';

function httpBase(value: string | null | undefined): string | null {
  try {
    const url = new URL(value?.trim() ?? '');
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

/**
 * The one base for every link Candor puts in mail: PUBLIC_URL, else the page settings' public URL,
 * else http://localhost:PORT. Never anything from a request, whose headers the client chooses.
 */
export async function publicBaseUrl(): Promise<string> {
  const e = env();
  if (e.publicUrl) return linkBaseOf(e.publicUrl, null, e.port);
  const settings = await db().pageSettings.findUnique({ where: { id: 1 }, select: { publicUrl: true } });
  return linkBaseOf(undefined, settings?.publicUrl, e.port);
}

/** The rule behind publicBaseUrl, for callers that hold the settings row already (the public snapshot). */
export function linkBaseOf(publicUrl: string | undefined, settingsUrl: string | null | undefined, port: number): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const configured = settingsUrl === UNSET_SETTINGS_URL ? null : httpBase(settingsUrl);
  return configured ?? `http://localhost:${port}`;
}

export async function publicHost(): Promise<string> {
  return new URL(await publicBaseUrl()).hostname;
}

/** MAIL_FROM ("Name <addr>" or addr) wins; otherwise the page settings. */
export async function mailSender(): Promise<Sender & { brand: string; accentColor: string; brandIn: (lang: string) => string }> {
  const settings = await db().pageSettings.findUnique({ where: { id: 1 } });
  const brand = settings?.name ?? DEFAULT_PAGE_NAME;
  const accentColor = settings?.brandColor ?? DEFAULT_BRAND_COLOR;
  // The page's name as a reader of `lang` sees it on the page: staff's translation, else the original.
  const brandIn = pageNameByLang(brand, settings?.translations);
  const configured = env().mailFrom;
  if (configured) {
    const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(configured);
    if (m) return { name: m[1]?.trim() || brand, email: m[2]!.trim(), brand, accentColor, brandIn };
    return { name: settings?.mailFromName ?? brand, email: configured.trim(), brand, accentColor, brandIn };
  }
  return { name: settings?.mailFromName ?? brand, email: settings?.mailFromEmail ?? `status@${await publicHost()}`, brand, accentColor, brandIn };
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
export async function transactionalMailOptions(input: TransactionalMail, from?: Sender): Promise<ComposedMail> {
  return mailOptions({ ...input, from: from ?? (await mailSender()), host: await publicHost() });
}
