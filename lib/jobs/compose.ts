import type { Lang } from '@/lib/i18n/languages';
import { instanceSecret } from '@/lib/server/secret';
import { manageTokenFor } from '@/lib/server/subscriptions/tokens';
import { mailOptions, type Sender } from '@/lib/mail/message';
import { rawMessage, type RawMail } from '@/lib/mail/raw-message';
import { personalise } from '@/lib/mail/templates/variables';
import { mailSender, publicBaseUrl } from '@/lib/mail/send';
import type { Claimed } from './deliveries';
import { findRendering } from './renderings';

// Turns a claimed delivery into a message: the region's rendering in the reader's language, personalised with the
// subscriber's time zone and their own manage and one-click unsubscribe links.

interface Rendering {
  subject: string;
  html: string;
  text: string;
}

export class Composer {
  private renderings = new Map<string, Promise<Rendering | null>>();
  private sender: { value: Promise<Sender>; at: number } | undefined;

  private rendering(noticeId: string, regionId: string, lang: Lang): Promise<Rendering | null> {
    const key = `${noticeId}|${regionId}|${lang}`;
    let r = this.renderings.get(key);
    if (!r) {
      if (this.renderings.size > 1000) this.renderings.clear();
      r = findRendering(noticeId, regionId, lang, { subject: true, html: true, text: true });
      r.catch(() => this.renderings.delete(key));
      this.renderings.set(key, r);
    }
    return r;
  }

  private baseUrl?: { value: Promise<{ url: string; host: string }>; at: number };
  /** The link base and its host, re-read once a minute like the sender (one query and one URL parse, not one per message). */
  private base(): Promise<{ url: string; host: string }> {
    if (!this.baseUrl || Date.now() - this.baseUrl.at > 60_000) this.baseUrl = { value: publicBaseUrl().then((url) => ({ url, host: new URL(url).hostname })), at: Date.now() };
    return this.baseUrl.value;
  }

  private from(): Promise<Sender> {
    if (!this.sender || Date.now() - this.sender.at > 60_000) this.sender = { value: mailSender(), at: Date.now() };
    return this.sender.value;
  }

  async compose(d: Claimed): Promise<RawMail | null> {
    const rendering = await this.rendering(d.noticeId, d.regionId, d.lang);
    if (!rendering) return null;
    const token = manageTokenFor(await instanceSecret(), d.subscriberId, d.tokenGeneration);
    const base = await this.base();
    const p = { timeZone: d.timeZone, locale: d.locale, manageUrl: `${base.url}/manage/${token}`, unsubscribeUrl: `${base.url}/u/${token}` };
    return rawMessage(mailOptions({
      from: await this.from(),
      to: d.email,
      subject: personalise(rendering.subject, p, false),
      html: personalise(rendering.html, p, true),
      text: personalise(rendering.text, p, false),
      host: base.host,
      unsubscribeUrl: p.unsubscribeUrl,
      headers: { 'X-Candor-Notice': d.noticeId },
    }));
  }
}
