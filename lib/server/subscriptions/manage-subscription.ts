import { parseNoticeKinds } from '@/lib/domain/audience';
import { db } from '../db';
import { AppError } from '../errors';
import { parseInput } from '../validate';
import { INVALID_LINK } from './confirm-subscription';
import { resolvePrefs } from './resolve-prefs';
import { subscriberLocaleOrRegionSchema, subscriptionPrefs } from './schemas';
import { subscriberPageLocale } from './subscriber-locale';
import { writePrefs } from './subscribe';

/** The manage page's choices: the shared ones, and the language notices are written in ('' each carrier's own). */
const managePrefs = subscriptionPrefs.extend({ locale: subscriberLocaleOrRegionSchema.optional() });
import { manageToken, manageTokenGeneration, manageTokenSubject, verifyManageToken } from './tokens';

// Everything a manage/unsubscribe link allows. The token is the only credential: no cookies,
// no sign-in, and an unknown token gets the same answer as an expired (rotated) one.

async function byToken(token: string) {
  const id = manageTokenSubject(token);
  if (!id) throw new AppError('not_found', INVALID_LINK);
  const s = await db().subscriber.findUnique({ where: { id }, include: { regions: { include: { region: true } }, components: { include: { component: true } } } });
  if (!s || !(await verifyManageToken(token, s.id, s.tokenGeneration))) throw new AppError('not_found', INVALID_LINK);
  return s;
}

export interface SubscriptionView {
  email: string;
  channel: string;
  /** The host a webhook or chat subscription posts to (the full URL is a secret of its own, so it is not shown). */
  endpointHost: string | null;
  /** The number an SMS subscription texts (E.164). */
  phoneNumber: string | null;
  disabledAt: Date | null;
  disabledReason: string | null;
  confirmed: boolean;
  unsubscribed: boolean;
  paused: boolean;
  timeZone: string;
  /** The language notices are written in (a tag such as fr-CA or en-CA); '' each carrier's own. */
  locale: string;
  /** The language of this page when no link or reader chooses one: theirs, else their first carrier's. */
  pageLocale: string;
  regions: 'all' | string[];
  components: 'all' | string[];
  noticeKinds: string[];
}

export async function getSubscription({ token }: { token: string }): Promise<SubscriptionView> {
  const s = await byToken(token);
  return {
    email: s.email,
    channel: s.channel,
    endpointHost: s.endpoint ? new URL(s.endpoint).host : null,
    phoneNumber: s.phoneNumber,
    disabledAt: s.disabledAt,
    disabledReason: s.disabledReason,
    confirmed: s.confirmedAt !== null,
    unsubscribed: s.unsubscribedAt !== null,
    paused: s.pausedAt !== null,
    timeZone: s.timeZone,
    locale: s.locale,
    pageLocale: await subscriberPageLocale(s),
    regions: s.allRegions ? 'all' : s.regions.map((r) => r.region.slug),
    components: s.allComponents ? 'all' : s.components.map((c) => c.component.slug),
    noticeKinds: parseNoticeKinds(s.noticeKinds),
  };
}

export async function updateSubscription({ token, input }: { token: string; input: unknown }): Promise<SubscriptionView> {
  const s = await byToken(token);
  const d = parseInput(managePrefs, input);
  const prefs = await resolvePrefs(d);
  await db().$transaction(async (tx) => {
    await tx.subscriber.update({ where: { id: s.id }, data: { timeZone: prefs.timeZone, allRegions: prefs.allRegions, allComponents: prefs.allComponents, noticeKinds: prefs.noticeKinds, ...(d.locale !== undefined ? { locale: d.locale } : {}) } });
    await writePrefs(tx, s.id, prefs);
  });
  return getSubscription({ token });
}

export async function setSubscriptionPaused({ token, paused, now = new Date() }: { token: string; paused: boolean; now?: Date }): Promise<void> {
  const s = await byToken(token);
  await db().subscriber.update({ where: { id: s.id }, data: { pausedAt: paused ? (s.pausedAt ?? now) : null } });
}

/**
 * Unsubscribes and retires every link sent so far by bumping the generation, in one statement
 * that holds only while nobody rotated meanwhile. Returns the generation now current (unchanged
 * when the subscriber was already unsubscribed, e.g. by a concurrent click).
 */
async function retireLinks(id: string, now: Date): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const s = await db().subscriber.findUnique({ where: { id }, select: { tokenGeneration: true, unsubscribedAt: true } });
    if (!s) throw new AppError('not_found', INVALID_LINK);
    if (s.unsubscribedAt) return s.tokenGeneration;
    const next = s.tokenGeneration + 1;
    const r = await db().subscriber.updateMany({ where: { id, tokenGeneration: s.tokenGeneration, unsubscribedAt: null }, data: { unsubscribedAt: now, tokenGeneration: next, manageTokenHash: (await manageToken(id, next)).hash } });
    if (r.count === 1) return next;
  }
  throw new AppError('conflict', 'this subscription is changing right now; try again');
}

/**
 * The manage page's unsubscribe: takes effect at once (the worker skips any delivery still
 * waiting) and retires the old link. The caller gets the new one, so whoever just unsubscribed can undo it.
 */
export async function unsubscribe({ token, now = new Date() }: { token: string; now?: Date }): Promise<{ manageToken: string }> {
  const s = await byToken(token);
  return { manageToken: (await manageToken(s.id, await retireLinks(s.id, now))).token };
}

/**
 * The link in a notice (RFC 8058 one-click, /u/<token>): any link this subscriber was ever sent
 * unsubscribes, so a rotation never keeps a subscribed person on the list. Only the current link
 * learns the new manage link; an older one only unsubscribes.
 */
export async function unsubscribeByLink({ token, now = new Date() }: { token: string; now?: Date }): Promise<{ manageToken: string | null }> {
  const s = await byAnyLink(token);
  const generation = await retireLinks(s.id, now);
  return { manageToken: s.current ? (await manageToken(s.id, generation)).token : null };
}

/** What the /u/<token> page shows before the button is pressed. */
export async function unsubscribeLinkState({ token }: { token: string }): Promise<{ email: string; unsubscribed: boolean; current: boolean; locale: string }> {
  const s = await byAnyLink(token);
  return { email: s.email, unsubscribed: s.unsubscribedAt !== null, current: s.current, locale: await subscriberPageLocale(s) };
}

async function byAnyLink(token: string) {
  const id = manageTokenSubject(token);
  if (!id) throw new AppError('not_found', INVALID_LINK);
  const s = await db().subscriber.findUnique({ where: { id }, select: { id: true, email: true, tokenGeneration: true, unsubscribedAt: true, locale: true, allRegions: true } });
  const generation = s ? await manageTokenGeneration(token, s.id, s.tokenGeneration) : null;
  if (!s || generation === null) throw new AppError('not_found', INVALID_LINK);
  return { ...s, current: generation === s.tokenGeneration };
}

/** The owner of a manage link may undo an unsubscribe (the address was confirmed before). */
export async function resubscribe({ token }: { token: string }): Promise<void> {
  const s = await byToken(token);
  if (!s.confirmedAt) throw new AppError('conflict', 'this subscription was never confirmed; subscribe again from the status page');
  await db().subscriber.update({ where: { id: s.id }, data: { unsubscribedAt: null } });
}
