import type { ChannelNotice } from '@/lib/channels/channel-notice';
import { MANAGE_MARKER, personalise, UNSUBSCRIBE_MARKER } from '@/lib/mail/templates/variables';
import { HttpChannelSender } from '@/lib/channels/http/http-sender';
import { httpPayload } from '@/lib/channels/payloads/build';
import { HTTP_CHANNELS, isHttpChannel, type Channel, type ChannelDelivery, type ChannelOutcome, type ChannelSender, type HttpChannel } from '@/lib/channels/types';
import { publicBaseUrl } from '@/lib/mail/send';
import type { Lang } from '@/lib/i18n/languages';
import { instanceSecret } from '@/lib/server/secret';
import { openWebhookSecretWith, webhookBoxKey } from '@/lib/server/subscriptions/webhook-secret';
import { manageTokenFor } from '@/lib/server/subscriptions/tokens';
import type { Claimed } from './deliveries';
import { findRendering } from './renderings';
import { SmsChannelSender } from './sms-dispatch';
import type { SmsSender } from '@/lib/channels/sms';
import { fitSms, smsNoticeText } from '@/lib/channels/payloads/sms';

// The non-mail half of the worker's deliver(): the region's channel notice (read once per notice
// and region), personalised for the subscriber, turned into the channel's body, and handed to the
// channel's sender. Which sender serves which channel is decided at start-up (channelSenders), so
// the SMS sender plugs in there without touching the worker.

export type ChannelSenders = Partial<Record<Exclude<Channel, 'email'>, ChannelSender>>;

/**
 * The senders a worker runs with by default: one guarded HTTP client shared by the four HTTP
 * channels, and one SMS sender (SMPP to SMS_URL, else the local outbox) unless one is given.
 */
export function defaultChannelSenders(options: { allowPrivate: boolean; concurrency: number; sms?: SmsSender }): ChannelSenders {
  const http = new HttpChannelSender({ allowPrivate: options.allowPrivate, maxSockets: Math.max(8, options.concurrency) });
  return { ...(Object.fromEntries(HTTP_CHANNELS.map((c) => [c, http])) as ChannelSenders), sms: new SmsChannelSender({ sms: options.sms }) };
}

export async function closeChannelSenders(senders: ChannelSenders): Promise<void> {
  for (const s of new Set(Object.values(senders))) await s.close?.();
}

export class ChannelComposer {
  private notices = new Map<string, Promise<ChannelNotice | null>>();
  /** An HTTP channel's body per (notice, region, language, channel), built once with the per-subscriber markers still open. */
  private bodies = new Map<string, string>();
  /** The body (HTTP) or text (SMS) with the reader's times filled in, per (notice, region, language, channel, time zone, locale): a notice's readers share a few. Links still open. */
  private timedBodies = new Map<string, string>();
  private base?: { value: Promise<string>; at: number };
  private key?: Promise<Buffer>;

  private notice(noticeId: string, regionId: string, lang: Lang): Promise<ChannelNotice | null> {
    const k = `${noticeId}|${regionId}|${lang}`;
    let n = this.notices.get(k);
    if (!n) {
      if (this.notices.size > 1000) this.notices.clear();
      n = findRendering(noticeId, regionId, lang, { channels: true }).then((r) => (r?.channels ? (JSON.parse(r.channels) as ChannelNotice) : null));
      n.catch(() => this.notices.delete(k));
      this.notices.set(k, n);
    }
    return n;
  }

  /** An HTTP channel's body with the subscriber's links and times as markers, filled per delivery as JSON string content. */
  private template(d: Claimed, channel: HttpChannel, notice: ChannelNotice, now: Date): string {
    const k = `${d.noticeId}|${d.regionId}|${d.lang}|${d.channel}`;
    let body = this.bodies.get(k);
    if (body === undefined) {
      if (this.bodies.size > 1000) this.bodies.clear();
      body = httpPayload(channel, { notice, manageUrl: MANAGE_MARKER, unsubscribeUrl: UNSUBSCRIBE_MARKER, now });
      this.bodies.set(k, body);
    }
    return body;
  }

  private timed(d: Claimed, notice: ChannelNotice, now: Date): string {
    const k = `${d.noticeId}|${d.regionId}|${d.lang}|${d.channel}|${d.timeZone}|${d.locale}`;
    let body = this.timedBodies.get(k);
    if (body === undefined) {
      if (this.timedBodies.size > 1000) this.timedBodies.clear();
      const times = { timeZone: d.timeZone, locale: d.locale, manageUrl: MANAGE_MARKER, unsubscribeUrl: UNSUBSCRIBE_MARKER };
      // A text's words are chosen and cut with its times filled: a time's marker is longer than the
      // date it becomes, and a date has full stops of its own ("Sa., 5. Dez."). Links stay open.
      body = isHttpChannel(d.channel) ? personalise(this.template(d, d.channel, notice, now), times, 'json') : smsNoticeText(notice, (text) => personalise(text, times, false));
      this.timedBodies.set(k, body);
    }
    return body;
  }

  private baseUrl(): Promise<string> {
    if (!this.base || Date.now() - this.base.at > 60_000) this.base = { value: publicBaseUrl(), at: Date.now() };
    return this.base.value;
  }

  /** The delivery as its sender needs it, or null when the notice has no channel rendering for the region. */
  async compose(d: Claimed, now: Date): Promise<ChannelDelivery | null> {
    if (d.channel === 'email') return null;
    const notice = await this.notice(d.noticeId, d.regionId, d.lang);
    if (!notice) return null;
    const secret = await instanceSecret();
    const base = await this.baseUrl();
    // The manage token (an HMAC) only when the body has a link to fill: a text carries the region's
    // page and STOP, not the manage page, so texts skip it (a few µs each, in a fan-out of thousands).
    let token: string | undefined;
    const tokenOf = () => (token ??= manageTokenFor(secret, d.subscriberId, d.tokenGeneration));
    const personal = {
      timeZone: d.timeZone,
      locale: d.locale,
      get manageUrl() {
        return `${base}/manage/${tokenOf()}`;
      },
      get unsubscribeUrl() {
        return `${base}/u/${tokenOf()}`;
      },
    };
    const messageId = `msg_${d.noticeId}_${d.subscriberId}`;
    let plainSecret: string | null = null;
    if (d.channel === 'webhook' && d.webhookSecret) {
      this.key ??= instanceSecret().then(webhookBoxKey);
      plainSecret = openWebhookSecretWith(await this.key, d.subscriberId, d.webhookSecret);
    }
    const body = d.channel === 'sms' ? fitSms(personalise(this.timed(d, notice, now), personal, false), () => smsNoticeText(notice, (text) => personalise(text, personal, false))) : personalise(this.timed(d, notice, now), personal, 'json');
    return { id: d.id, noticeId: d.noticeId, subscriberId: d.subscriberId, channel: d.channel, endpoint: d.endpoint, phoneNumber: d.phoneNumber, from: d.smsSenderId, secret: plainSecret, messageId, attempts: d.attempts, body };
  }
}

/** Sends one composed delivery by its channel's sender; a channel without one fails that delivery, saying so. */
export async function sendByChannel(senders: ChannelSenders, delivery: ChannelDelivery): Promise<ChannelOutcome> {
  const sender = senders[delivery.channel];
  if (!sender) return { kind: 'failed', reason: `no sender for the ${delivery.channel} channel in this worker` };
  return sender.send(delivery);
}
