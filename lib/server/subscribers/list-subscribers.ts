import { z } from 'zod';
import type { Actor } from '../actor';
import { hasRole } from '../actor';
import { db } from '../db';
import { forbidden, notFound } from '../errors';
import type { Subscriber } from '@/lib/generated/postgresql/client';
import { MAX_PAGE, wholeNumber } from '../paging';
import { anyOf, containsText, inKeyOrder, isNull, keyedPage, type Cond } from '../search/keyed-page';
import { parseInput } from '../validate';
import { parseNoticeKinds } from '@/lib/domain/audience';
import { maskEndpoint } from '@/lib/channels/http/mask-endpoint';

export interface SubscriberRow {
  id: string;
  email: string;
  channel: string;
  /** Masked (lib/channels/http/mask-endpoint.ts): a chat webhook's URL is its credential. */
  endpoint: string | null;
  phoneNumber: string | null;
  /** Switched off after its endpoint failed for a day. */
  disabledAt: Date | null;
  state: 'confirmed' | 'unconfirmed' | 'unsubscribed' | 'paused';
  timeZone: string;
  /** The language their notices are written in; '' each carrier's own. */
  locale: string;
  regions: 'all' | string[];
  components: 'all' | string[];
  noticeKinds: string[];
  source: string;
  createdAt: Date;
  confirmedAt: Date | null;
}

export const SUBSCRIBER_STATES = ['confirmed', 'unconfirmed', 'unsubscribed', 'paused'] as const;

export const ListSubscribersInput = z.object({
  /** Part of the address, taken literally (% and _ are characters like any other), or of an SMS subscriber's number. */
  query: z.string().trim().toLowerCase().max(254).optional().transform((v) => v || undefined),
  state: z.enum(SUBSCRIBER_STATES).optional(),
  page: wholeNumber(MAX_PAGE, 1),
  perPage: wholeNumber(200, 50),
});
export type ListSubscribersInput = z.input<typeof ListSubscribersInput>;

const STATE_CONDS: Record<SubscriberRow['state'], Cond[]> = {
  confirmed: [isNull('"confirmedAt"', false), isNull('"unsubscribedAt"', true), isNull('"pausedAt"', true)],
  unconfirmed: [isNull('"confirmedAt"', true)],
  unsubscribed: [isNull('"unsubscribedAt"', false)],
  paused: [isNull('"pausedAt"', false), isNull('"unsubscribedAt"', true)],
};

/**
 * The digits of a query typed as a phone number ("+61 412 345 678", "0412-345-678"), without the
 * leading zeros of a national trunk prefix, so they are found inside the stored E.164 number; null
 * for anything else (a query with letters, or fewer than 4 digits).
 */
export function phoneDigits(query: string): string | null {
  if (!/^[\d\s+().-]+$/.test(query)) return null;
  const digits = query.replace(/\D/g, '').replace(/^0+/, '');
  return digits.length >= 4 ? digits : null;
}

/** A page of subscribers, newest first; `query` matches part of the address, or of the number (typed in any usual form). */
export async function listSubscribers({ actor, input }: { actor: Actor; input: unknown }): Promise<{ total: number; page: number; perPage: number; subscribers: SubscriberRow[] }> {
  if (!hasRole(actor, 'viewer')) throw forbidden();
  const q = parseInput(ListSubscribersInput, input);
  const digits = q.query ? phoneDigits(q.query) : null;
  const byText = q.query ? [digits ? anyOf(containsText('"email"', q.query), containsText('"phoneNumber"', digits)) : containsText('"email"', q.query)] : [];
  const conds = [...byText, ...(q.state ? STATE_CONDS[q.state] : [])];
  const { total, keys } = await keyedPage({ table: 'Subscriber', key: 'id', conds, orderBy: '"createdAt" DESC, "id" ASC', skip: (q.page - 1) * q.perPage, take: q.perPage });
  const ids = keys.map(String);
  const list = inKeyOrder(ids, await db().subscriber.findMany({ where: { id: { in: ids } }, include: SUBSCRIBER_INCLUDE }), (s) => s.id);
  return { total, page: q.page, perPage: q.perPage, subscribers: list.map(subscriberRow) };
}

/** One subscriber as staff see it (the API's GET /api/v1/subscribers/{id}). */
export async function getSubscriber({ actor, id }: { actor: Actor; id: string }): Promise<SubscriberRow> {
  if (!hasRole(actor, 'viewer')) throw forbidden();
  const s = await db().subscriber.findUnique({ where: { id }, include: SUBSCRIBER_INCLUDE });
  if (!s) throw notFound('subscriber');
  return subscriberRow(s);
}

const SUBSCRIBER_INCLUDE = { regions: { include: { region: { select: { slug: true } } } }, components: { include: { component: { select: { slug: true } } } } } as const;

type Loaded = Subscriber & { regions: { region: { slug: string } }[]; components: { component: { slug: string } }[] };

function subscriberRow(s: Loaded): SubscriberRow {
  return {
    id: s.id,
    email: s.email,
    channel: s.channel,
    endpoint: s.endpoint === null ? null : maskEndpoint(s.endpoint),
    phoneNumber: s.phoneNumber,
    disabledAt: s.disabledAt,
    state: s.unsubscribedAt ? 'unsubscribed' : s.pausedAt ? 'paused' : s.confirmedAt ? 'confirmed' : 'unconfirmed',
    timeZone: s.timeZone,
    locale: s.locale,
    regions: s.allRegions ? 'all' : s.regions.map((r) => r.region.slug),
    components: s.allComponents ? 'all' : s.components.map((c) => c.component.slug),
    noticeKinds: parseNoticeKinds(s.noticeKinds),
    source: s.source,
    createdAt: s.createdAt,
    confirmedAt: s.confirmedAt,
  };
}

/** The API's JSON for one subscriber (Statuspage's field names); `locale` null: each carrier's own language. */
export function subscriberJson(s: SubscriberRow) {
  return { id: s.id, email: s.email, channel: s.channel, endpoint: s.endpoint, phone_number: s.phoneNumber, disabled_at: s.disabledAt?.toISOString() ?? null, state: s.state, time_zone: s.timeZone, locale: s.locale || null, regions: s.regions, components: s.components, notice_kinds: s.noticeKinds, source: s.source, created_at: s.createdAt.toISOString(), confirmed_at: s.confirmedAt?.toISOString() ?? null };
}
