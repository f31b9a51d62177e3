import { parseNoticeKinds } from '@/lib/domain/audience';
import { db } from '../db';
import { AppError } from '../errors';
import { parseInput } from '../validate';
import { INVALID_LINK } from './confirm-subscription';
import { resolvePrefs } from './resolve-prefs';
import { subscriptionPrefs } from './schemas';
import { writePrefs } from './subscribe';
import { manageTokenSubject, verifyManageToken } from './tokens';

// Everything a manage/unsubscribe link allows. The token is the only credential: no cookies,
// no sign-in, and an unknown token gets the same answer as an expired one.

async function byToken(token: string) {
  const id = manageTokenSubject(token);
  if (!id) throw new AppError('not_found', INVALID_LINK);
  const s = await db().subscriber.findUnique({ where: { id }, include: { regions: { include: { region: true } }, components: { include: { component: true } } } });
  if (!s || !(await verifyManageToken(token, s.id, s.tokenGeneration))) throw new AppError('not_found', INVALID_LINK);
  return s;
}

export interface SubscriptionView {
  email: string;
  confirmed: boolean;
  unsubscribed: boolean;
  paused: boolean;
  timeZone: string;
  regions: 'all' | string[];
  components: 'all' | string[];
  noticeKinds: string[];
}

export async function getSubscription({ token }: { token: string }): Promise<SubscriptionView> {
  const s = await byToken(token);
  return {
    email: s.email,
    confirmed: s.confirmedAt !== null,
    unsubscribed: s.unsubscribedAt !== null,
    paused: s.pausedAt !== null,
    timeZone: s.timeZone,
    regions: s.allRegions ? 'all' : s.regions.map((r) => r.region.slug),
    components: s.allComponents ? 'all' : s.components.map((c) => c.component.slug),
    noticeKinds: parseNoticeKinds(s.noticeKinds),
  };
}

export async function updateSubscription({ token, input }: { token: string; input: unknown }): Promise<SubscriptionView> {
  const s = await byToken(token);
  const prefs = await resolvePrefs(parseInput(subscriptionPrefs, input));
  await db().$transaction(async (tx) => {
    await tx.subscriber.update({ where: { id: s.id }, data: { timeZone: prefs.timeZone, allRegions: prefs.allRegions, allComponents: prefs.allComponents, noticeKinds: prefs.noticeKinds } });
    await writePrefs(tx, s.id, prefs);
  });
  return getSubscription({ token });
}

export async function setSubscriptionPaused({ token, paused, now = new Date() }: { token: string; paused: boolean; now?: Date }): Promise<void> {
  const s = await byToken(token);
  await db().subscriber.update({ where: { id: s.id }, data: { pausedAt: paused ? (s.pausedAt ?? now) : null } });
}

/** Takes effect at once: the worker skips any delivery still waiting for this subscriber. */
export async function unsubscribe({ token, now = new Date() }: { token: string; now?: Date }): Promise<void> {
  const s = await byToken(token);
  if (!s.unsubscribedAt) await db().subscriber.update({ where: { id: s.id }, data: { unsubscribedAt: now } });
}

/** The owner of a manage link may undo an unsubscribe (the address was confirmed before). */
export async function resubscribe({ token }: { token: string }): Promise<void> {
  const s = await byToken(token);
  if (!s.confirmedAt) throw new AppError('conflict', 'this subscription was never confirmed; subscribe again from the status page');
  await db().subscriber.update({ where: { id: s.id }, data: { unsubscribedAt: null } });
}
