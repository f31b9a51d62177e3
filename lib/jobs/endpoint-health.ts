import { afterFailures, DISABLE_POLICY, HEALTHY_ENDPOINT, type DisablePolicy } from '@/lib/domain/endpoint-health';
import { CHANNEL_LABELS, type Channel } from '@/lib/channels/types';
import { renderEndpointDisabled } from '@/lib/mail/templates/endpoint-disabled';
import { mailSender, publicBaseUrl } from '@/lib/mail/send';
import { db } from '@/lib/server/db';
import { manageToken } from '@/lib/server/subscriptions/tokens';
import { subscriberPageLocale } from '@/lib/server/subscriptions/subscriber-locale';
import { readerLanguage } from '@/lib/i18n/reader';
import { enqueueMail } from './outbox-mail';
import { wakeWorkers } from './wake';

// Each charged attempt to a webhook or chat endpoint moves its failure record (lib/domain/endpoint-health.ts).
// An endpoint failing across a day is disabled, and its contact is mailed in the same transaction,
// through the outbox like every mail Candor sends itself.

export interface EndpointEvent {
  subscriberId: string;
  ok: boolean;
  reason: string;
}

/** Records a batch of attempt results; returns the subscriptions disabled by it. */
export async function recordEndpointHealth(events: EndpointEvent[], now: Date, policy: DisablePolicy = DISABLE_POLICY): Promise<string[]> {
  if (events.length === 0) return [];
  const healthy = [...new Set(events.filter((e) => e.ok).map((e) => e.subscriberId))];
  if (healthy.length > 0) await db().subscriber.updateMany({ where: { id: { in: healthy }, failureCount: { gt: 0 } }, data: HEALTHY_ENDPOINT });
  const failing = new Map<string, EndpointEvent[]>();
  for (const e of events) if (!e.ok && !healthy.includes(e.subscriberId)) failing.set(e.subscriberId, [...(failing.get(e.subscriberId) ?? []), e]);
  if (failing.size === 0) return [];
  const rows = await db().subscriber.findMany({ where: { id: { in: [...failing.keys()] }, disabledAt: null }, select: { id: true, failingSince: true, failureCount: true, lastFailureAt: true } });
  const disabled: { id: string; since: Date; reason: string }[] = [];
  for (const row of rows) {
    const list = failing.get(row.id)!;
    const health = afterFailures(row, list.length, now, policy);
    await db().subscriber.updateMany({ where: { id: row.id, disabledAt: null }, data: { failingSince: health.failingSince, failureCount: health.failureCount, lastFailureAt: health.lastFailureAt } });
    if (health.disable) disabled.push({ id: row.id, since: health.failingSince!, reason: list[list.length - 1]!.reason });
  }
  if (disabled.length === 0) return [];
  const [sender, base] = await Promise.all([mailSender(), publicBaseUrl()]);
  const done: string[] = [];
  for (const d of disabled) {
    const changed = await db().$transaction(async (tx) => {
      const sub = await tx.subscriber.findUnique({ where: { id: d.id }, select: { id: true, email: true, channel: true, endpoint: true, tokenGeneration: true, locale: true, allRegions: true, timeZone: true } });
      const written = await tx.subscriber.updateMany({ where: { id: d.id, disabledAt: null }, data: { disabledAt: now, disabledReason: d.reason.slice(0, 500) } });
      if (!sub || written.count !== 1) return false;
      const { token } = await manageToken(d.id, sub.tokenGeneration);
      let host = sub.endpoint ?? '';
      try {
        host = new URL(host).host;
      } catch {
        // An endpoint that no longer parses is named as stored.
      }
      // In the language of the subscription's pages: its own, else its first carrier's.
      const reader = readerLanguage(await subscriberPageLocale(sub, tx));
      const mail = renderEndpointDisabled({ ...reader, timeZone: sub.timeZone, brand: sender.brandIn(reader.lang), accentColor: sender.accentColor, channelLabel: CHANNEL_LABELS[sub.channel as Channel] ?? sub.channel, endpointHost: host, failingSince: d.since, lastError: d.reason.slice(0, 300), subscribeUrl: `${base}/subscribe?lang=${reader.lang}`, manageUrl: `${base}/manage/${token}` });
      await enqueueMail(tx, { kind: 'endpoint_disabled', to: sub.email, ...mail });
      return true;
    });
    if (changed) done.push(d.id);
  }
  if (done.length > 0) await wakeWorkers('mail');
  return done;
}
