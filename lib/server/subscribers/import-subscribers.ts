import { z } from 'zod';
import type { Actor } from '../actor';
import { hasRole } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { AppError, forbidden } from '../errors';
import { resolvePrefs } from '../subscriptions/resolve-prefs';
import { channelNeedsEndpoint, subscribeFields, subscriberLocaleOrRegionSchema } from '../subscriptions/schemas';
import { subscriberLocale } from '../subscriptions/subscriber-locale';
import { newSubscriberId, writePrefs } from '../subscriptions/subscribe';
import { manageToken } from '../subscriptions/tokens';
import { subscriptionTarget } from '../subscriptions/subscription-target';
import { openWebhookSecretWith, sealWebhookSecretWith, webhookBoxKey } from '../subscriptions/webhook-secret';
import { instanceSecret } from '../secret';
import { newWebhookSecret } from '@/lib/channels/http/sign';
import { HEALTHY_ENDPOINT } from '@/lib/domain/endpoint-health';
import type { Lookup } from '@/lib/channels/http/endpoint';

export const IMPORT_MAX = 1000;

export interface ImportRowResult {
  row: number;
  email: string | null;
  status: 'created' | 'updated' | 'rejected';
  id?: string;
  channel?: string;
  /** A new webhook subscription's signing secret (whsec_...), shown this once. */
  secret?: string;
  error?: string;
  field?: string;
}

/**
 * A subscriber as staff import or update them. `locale`: the language their notices are written in;
 * '' or null each carrier's own; left out, an existing subscriber keeps theirs and a new one gets
 * what the subscribe form would give them.
 */
export const importRow = subscribeFields.extend({ skip_confirmation: z.boolean().optional(), locale: subscriberLocaleOrRegionSchema.nullable().optional() }).superRefine(channelNeedsEndpoint);

/**
 * Staff import of subscribers who already opted in elsewhere (moving from another system):
 * each good row is created or updated as confirmed; bad rows are reported with their reason and
 * never stop the good ones. Importing unconfirmed people is not offered: they must opt in here.
 */
export async function importSubscribers({ actor, rows, source = 'import', now = new Date(), lookup }: { actor: Actor; rows: unknown[]; source?: string; now?: Date; lookup?: Lookup }): Promise<{ created: number; updated: number; rejected: number; results: ImportRowResult[] }> {
  if (!hasRole(actor, 'responder')) throw forbidden();
  if (rows.length === 0) throw new AppError('validation', 'no subscribers given', 'subscribers');
  if (rows.length > IMPORT_MAX) throw new AppError('too_large', `at most ${IMPORT_MAX} subscribers per import; got ${rows.length}`);
  const results: ImportRowResult[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of rows.entries()) {
    const email = typeof (raw as { email?: unknown })?.email === 'string' ? ((raw as { email: string }).email.trim().toLowerCase().slice(0, 254) || null) : null;
    try {
      const parsed = importRow.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.map(String).join('.') || 'row';
        results.push({ row: i + 1, email, status: 'rejected', field, error: `${field}: ${issue?.message ?? 'invalid'}` });
        continue;
      }
      if (parsed.data.skip_confirmation !== true) {
        results.push({ row: i + 1, email, status: 'rejected', field: 'skip_confirmation', error: 'skip_confirmation: must be true; imported subscribers must already have opted in' });
        continue;
      }
      const { locale: asked, ...row } = parsed.data;
      const target = await subscriptionTarget(row, lookup);
      if (seen.has(target.key)) {
        const field = target.channel === 'sms' ? 'phone_number' : 'email';
        results.push({ row: i + 1, email, status: 'rejected', field, error: `${field}: appears twice in this import` });
        continue;
      }
      seen.add(target.key);
      const prefs = await resolvePrefs(row);
      const chosenLocale = asked === undefined ? undefined : (asked ?? '');
      const newLocale = chosenLocale ?? (await subscriberLocale(undefined, prefs));
      const key = webhookBoxKey(await instanceSecret());
      const result = await db().$transaction(async (tx) => {
        const existing = await tx.subscriber.findUnique({ where: { key: target.key } });
        const id = existing?.id ?? newSubscriberId();
        // A new webhook gets its secret here; an existing one keeps the secret its receiver already checks.
        const signingSecret = target.channel === 'webhook' && !existing?.webhookSecret ? newWebhookSecret() : null;
        const channelFields = { channel: target.channel, endpoint: target.endpoint, phoneNumber: target.phoneNumber, disabledAt: null, disabledReason: null, ...HEALTHY_ENDPOINT, ...(signingSecret ? { webhookSecret: sealWebhookSecretWith(key, id, signingSecret) } : {}) };
        const fields = { ...channelFields, timeZone: prefs.timeZone, allRegions: prefs.allRegions, allComponents: prefs.allComponents, noticeKinds: prefs.noticeKinds, confirmedAt: existing?.confirmedAt ?? now, confirmTokenHash: null, confirmExpiresAt: null };
        if (existing) {
          if (existing.unsubscribedAt) throw target.channel === 'sms' ? new AppError('conflict', 'phone_number: this number unsubscribed (or replied STOP); only its owner can subscribe it again', 'phone_number') : new AppError('conflict', 'email: this address unsubscribed; only its owner can subscribe it again', 'email');
          const relocale = chosenLocale !== undefined && chosenLocale !== existing.locale;
          // A number's contact is the address it was last given with.
          await tx.subscriber.update({ where: { id }, data: { ...fields, ...(target.channel === 'sms' ? { email: parsed.data.email } : {}), ...(relocale ? { locale: chosenLocale } : {}) } });
          // Staff changing the language someone reads in is recorded with the change.
          if (relocale) await writeAudit(tx, actor, { action: 'subscriber.locale', objectType: 'subscriber', objectId: id, before: { locale: existing.locale }, after: { locale: chosenLocale, source } }, now);
        } else {
          await tx.subscriber.create({ data: { id, email: parsed.data.email, key: target.key, ...fields, locale: newLocale, source, manageTokenHash: (await manageToken(id, 1)).hash } });
        }
        await writePrefs(tx, id, prefs);
        // A webhook still waiting for its contact's confirmation is confirmed here, so its link stops
        // working: its secret (which only that link's page showed) is given to staff to pass on.
        const shown = signingSecret ?? (target.channel === 'webhook' && existing && !existing.confirmedAt && existing.webhookSecret ? openWebhookSecretWith(key, id, existing.webhookSecret) : null);
        return { id, channel: target.channel, status: existing ? ('updated' as const) : ('created' as const), ...(shown ? { secret: shown } : {}) };
      });
      results.push({ row: i + 1, email, ...result });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ row: i + 1, email, status: 'rejected', field: error.field, error: error.message });
    }
  }
  const created = results.filter((r) => r.status === 'created').length;
  const updated = results.filter((r) => r.status === 'updated').length;
  const rejected = results.length - created - updated;
  await db().$transaction((tx) => writeAudit(tx, actor, { action: 'subscribers.import', objectType: 'subscriber', after: { source, created, updated, rejected } }, now));
  return { created, updated, rejected, results };
}
