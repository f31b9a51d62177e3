import { randomBytes } from 'node:crypto';
import { renderConfirmSubscription } from '@/lib/mail/templates/confirm-subscription';
import { renderManageLink } from '@/lib/mail/templates/manage-link';
import { mailSender, publicBaseUrl } from '@/lib/mail/send';
import { enqueueMail } from '@/lib/jobs/outbox-mail';
import { wakeWorkers } from '@/lib/jobs/wake';
import { isUniqueViolation } from '../api/respond';
import { hashToken, randomToken } from '../crypto';
import { db, type Tx } from '../db';
import { instanceSecret } from '../secret';
import { parseInput } from '../validate';
import { SUBSCRIBE_PER_ADDRESS, SUBSCRIBE_PER_IP, takeSubscribeSlot } from './rate-limit';
import { resolvePrefs, type ResolvedPrefs } from './resolve-prefs';
import { confirmTokenFor } from './confirm-subscription';
import { subscribeInput } from './schemas';
import { subscriptionTarget } from './subscription-target';
import { subscribeBySms, type SubscribeSmsAnswer } from './subscribe-sms';
import { sealWebhookSecretWith, webhookBoxKey } from './webhook-secret';
import { newWebhookSecret } from '@/lib/channels/http/sign';
import { HEALTHY_ENDPOINT } from '@/lib/domain/endpoint-health';
import { CHANNEL_LABELS } from '@/lib/channels/types';
import type { Lookup } from '@/lib/channels/http/endpoint';
import { manageToken } from './tokens';
import { requestPageLocale, subscriberLocale, subscriberPageLocale } from './subscriber-locale';
import { readerLanguage } from '@/lib/i18n/reader';
import { readTranslations, translated } from '@/lib/domain/translations';

export const CONFIRM_HOURS = 48;

/** The one answer, whatever the address's state, so nobody can learn who is subscribed. */
export const SUBSCRIBE_ANSWER = { status: 'check_your_inbox', message: 'If the address can receive mail, a message is on its way. Follow the link in it to confirm.' } as const;

/**
 * Also for webhooks: the signing secret is never in this answer. Anyone may ask to subscribe any
 * contact and endpoint, so whoever holds the answer proves nothing; the secret is shown on the
 * confirmation page, which only the contact's mailbox can reach (a repeated request before that
 * replaces it, and the page shows the current one).
 */
export type SubscribeAnswer = typeof SUBSCRIBE_ANSWER;

export const newSubscriberId = () => `sub_${randomBytes(12).toString('hex')}`;

class ChangedMeanwhile extends Error {}

export async function writePrefs(tx: Tx, subscriberId: string, prefs: ResolvedPrefs): Promise<void> {
  await tx.subscriberRegion.deleteMany({ where: { subscriberId } });
  await tx.subscriberComponent.deleteMany({ where: { subscriberId } });
  if (prefs.regionIds.length) await tx.subscriberRegion.createMany({ data: prefs.regionIds.map((regionId) => ({ subscriberId, regionId })) });
  if (prefs.componentIds.length) await tx.subscriberComponent.createMany({ data: prefs.componentIds.map((componentId) => ({ subscriberId, componentId })) });
}

/**
 * Double opt-in: records the request and queues a confirmation link (or, for an address that is
 * already confirmed, its manage link) in the same transaction, so the mail exists exactly when the
 * change does. A repeated request within the link's lifetime mails the same link again (with the
 * latest choices), so every confirmation mail sent works, once. Rate limited per IP and per
 * address; the answer is the same in every case. The delivery worker sends the mail at once and
 * retries it while SMTP is unreachable.
 */
export async function subscribe({ input, ip, now = new Date(), lookup }: { input: unknown; ip?: string; now?: Date; lookup?: Lookup }): Promise<SubscribeAnswer | SubscribeSmsAnswer> {
  const data = parseInput(subscribeInput, input);
  const target = await subscriptionTarget(data, lookup);
  if (target.channel === 'sms') return subscribeBySms({ data, target, ip, now, newId: newSubscriberId, writePrefs });
  if (ip) await takeSubscribeSlot(`subscribe-ip:${ip}`, SUBSCRIBE_PER_IP, now);
  await takeSubscribeSlot(`subscribe-email:${data.email}`, SUBSCRIBE_PER_ADDRESS, now);
  const prefs = await resolvePrefs(data);
  const locale = await subscriberLocale(data.locale, prefs);
  // The confirmation speaks the language stored for notices, else the first carrier's (as its pages do).
  const reader = readerLanguage(await requestPageLocale(locale, prefs));
  // Read before the transaction: SQLite has one connection, and the mail is rendered inside it.
  const [sender, regions, components, base, secret] = await Promise.all([mailSender(), db().region.findMany({ orderBy: [{ position: 'asc' }, { slug: 'asc' }] }), db().component.findMany({ orderBy: [{ group: { position: 'asc' } }, { position: 'asc' }, { name: 'asc' }] }), publicBaseUrl(), instanceSecret()]);
  // What they asked for, in the forms' order, with staff's names in the reader's language where staff translated them.
  const services = prefs.allComponents ? ('all' as const) : components.filter((c) => prefs.componentIds.includes(c.id)).map((c) => translated({ translations: readTranslations('component', c.translations) }, 'name', reader.lang, c.name));
  const carriers = prefs.allRegions ? ('all' as const) : regions.filter((r) => prefs.regionIds.includes(r.id)).map((r) => `${r.name} (${r.carrier})`);
  const endpoint = target.endpoint ? { channel: CHANNEL_LABELS[target.channel], host: new URL(target.endpoint).host } : null;
  // A webhook's signing secret: stored sealed, shown on the confirmation page. New with every
  // confirmation link; a link mailed again keeps its secret, which its page may already have shown.
  const signingSecret = target.channel === 'webhook' ? newWebhookSecret() : null;

  const record = () => db().$transaction(async (tx) => {
    const existing = await tx.subscriber.findUnique({ where: { key: target.key } });
    if (existing?.confirmedAt && !existing.unsubscribedAt && !existing.disabledAt) {
      const { token } = await manageToken(existing.id, existing.tokenGeneration);
      const owner = readerLanguage(await subscriberPageLocale(existing, tx));
      const mail = renderManageLink({ ...owner, brand: sender.brandIn(owner.lang), accentColor: sender.accentColor, manageUrl: `${base}/manage/${token}` });
      await enqueueMail(tx, { kind: 'manage_link', to: data.email, ...mail });
      return;
    }
    // A link still in its lifetime is mailed again, not replaced: the first mail's link keeps working.
    const pending = existing?.confirmNonce && existing.confirmTokenHash && existing.confirmExpiresAt && existing.confirmExpiresAt > now ? { nonce: existing.confirmNonce, expiresAt: existing.confirmExpiresAt } : null;
    const { nonce, expiresAt } = pending ?? { nonce: randomToken(24), expiresAt: new Date(now.getTime() + CONFIRM_HOURS * 3600_000) };
    const confirmToken = confirmTokenFor(secret, nonce);
    const id = existing?.id ?? newSubscriberId();
    const keepSecret = pending !== null && existing?.webhookSecret && signingSecret !== null;
    const webhookSecret = keepSecret ? existing.webhookSecret : signingSecret ? sealWebhookSecretWith(webhookBoxKey(secret), id, signingSecret) : null;
    const channelFields = { channel: target.channel, endpoint: target.endpoint, phoneNumber: target.phoneNumber, webhookSecret, ...HEALTHY_ENDPOINT, disabledAt: null, disabledReason: null };
    const fields = { ...channelFields, timeZone: prefs.timeZone, locale, allRegions: prefs.allRegions, allComponents: prefs.allComponents, noticeKinds: prefs.noticeKinds, confirmNonce: nonce, confirmTokenHash: hashToken(confirmToken), confirmExpiresAt: expiresAt };
    if (existing) {
      // Holds only if nobody confirmed, unsubscribed or issued another link since the read above.
      const written = await tx.subscriber.updateMany({ where: { id, tokenGeneration: existing.tokenGeneration, confirmNonce: existing.confirmNonce }, data: { ...fields, confirmedAt: null, unsubscribedAt: null, pausedAt: null, source: 'form' } });
      if (written.count !== 1) throw new ChangedMeanwhile();
    } else {
      await tx.subscriber.create({ data: { id, email: data.email, key: target.key, ...fields, source: 'form', manageTokenHash: (await manageToken(id, 1)).hash } });
    }
    await writePrefs(tx, id, prefs);
    const hoursLeft = Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 3600_000));
    const mail = renderConfirmSubscription({ ...reader, brand: sender.brandIn(reader.lang), accentColor: sender.accentColor, confirmUrl: `${base}/confirm/${confirmToken}`, services, regions: carriers, endpoint, expiresHours: hoursLeft, expiresAt, timeZone: prefs.timeZone });
    await enqueueMail(tx, { kind: 'confirm_subscription', to: data.email, ...mail });
  });
  // Concurrent requests for a new address race to create its row, and for a known one to issue
  // its link: the loser runs again and finds the winner's row (and link).
  for (let attempt = 1; ; attempt += 1) {
    try {
      await record();
      break;
    } catch (error) {
      if (attempt >= 3 || !(isUniqueViolation(error) || error instanceof ChangedMeanwhile)) throw error;
    }
  }
  await wakeWorkers('mail');

  return SUBSCRIBE_ANSWER;
}
