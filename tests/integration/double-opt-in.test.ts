import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomes as settle } from '@/tests/helpers/outcomes';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { checkConfirmToken, confirmSubscription, INVALID_LINK } from '@/lib/server/subscriptions/confirm-subscription';
import { getSubscription } from '@/lib/server/subscriptions/manage-subscription';
import { SUBSCRIBE_PER_ADDRESS } from '@/lib/server/subscriptions/rate-limit';
import { CONFIRM_HOURS, subscribe, SUBSCRIBE_ANSWER } from '@/lib/server/subscriptions/subscribe';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { createScenario } from './notify-fixtures';

// Double opt-in when people click twice, retry, or ask again a day later: every confirmation
// mail sent within the link's lifetime carries a link that works, and the subscription is
// confirmed once, whichever mail's link is used.

const HOUR = 3600_000;

describe.each(DATABASE_KINDS)('double opt-in with repeated requests on %s', (kind) => {
  let t: TestDatabase;

  /** The confirmation links queued for an address, oldest first, from the durable outbox. */
  const links = async (email: string): Promise<string[]> => {
    const rows = await t.handle.db.outboxMail.findMany({ where: { to: email, kind: 'confirm_subscription' }, orderBy: { id: 'asc' } });
    return rows.map((r) => {
      const m = /\/confirm\/([A-Za-z0-9_-]+)/.exec(r.text);
      if (!m) throw new Error(`no confirmation link in:\n${r.text}`);
      return m[1]!;
    });
  };
  const subscriber = (email: string) => t.handle.db.subscriber.findUniqueOrThrow({ where: { key: email } });
  const outcomes = async (promises: Promise<unknown>[]) => (await settle(promises)).counts;


  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    await createScenario(t.handle.db);
  });
  afterAll(async () => t?.drop());

  it('confirms with the FIRST mail’s link after a second request, once; the second mail’s link then confirms nothing', async () => {
    const email = 'twice@example.com';
    const now = new Date();
    expect(await subscribe({ input: { email, regions: ['telstra-au'] }, now })).toEqual(SUBSCRIBE_ANSWER);
    expect(await subscribe({ input: { email, regions: 'all', time_zone: 'Australia/Sydney' }, now: new Date(now.getTime() + 10 * 60_000) })).toEqual(SUBSCRIBE_ANSWER);
    const [first, second] = await links(email);
    expect(first && second).toBeTruthy();
    // Before either is used, both mails' links work.
    expect(await checkConfirmToken(first!)).toBe(true);
    expect(await checkConfirmToken(second!)).toBe(true);

    const { manageToken } = await confirmSubscription({ token: first! });
    const confirmed = await subscriber(email);
    expect(confirmed.confirmedAt).not.toBeNull();
    // The latest request's choices are what was confirmed.
    expect(await getSubscription({ token: manageToken })).toMatchObject({ confirmed: true, regions: 'all', timeZone: 'Australia/Sydney' });

    expect(await checkConfirmToken(second!)).toBe(false);
    await expect(confirmSubscription({ token: second! })).rejects.toThrow(INVALID_LINK);
    await expect(confirmSubscription({ token: first! })).rejects.toThrow(INVALID_LINK);
    // Confirmed once: the manage link the confirmation gave out is still the current one.
    expect((await subscriber(email)).tokenGeneration).toBe(confirmed.tokenGeneration);
    expect((await getSubscription({ token: manageToken })).confirmed).toBe(true);
  });

  it('confirms with the SECOND mail’s link, once; the first mail’s link then confirms nothing', async () => {
    const email = 'reverse@example.com';
    await subscribe({ input: { email } });
    await subscribe({ input: { email } });
    const [first, second] = await links(email);
    expect(await checkConfirmToken(first!)).toBe(true);
    const { manageToken } = await confirmSubscription({ token: second! });
    const confirmed = await subscriber(email);
    expect(confirmed.confirmedAt).not.toBeNull();
    expect(await checkConfirmToken(first!)).toBe(false);
    await expect(confirmSubscription({ token: first! })).rejects.toThrow(INVALID_LINK);
    expect((await subscriber(email)).tokenGeneration).toBe(confirmed.tokenGeneration);
    expect((await getSubscription({ token: manageToken })).confirmed).toBe(true);
  });

  it('keeps the link’s lifetime from the first request; asking again after it ran out mails a fresh link', async () => {
    const email = 'late@example.com';
    const start = new Date(Date.now() - (CONFIRM_HOURS - 1) * HOUR);
    await subscribe({ input: { email }, now: start });
    const now = new Date();
    await subscribe({ input: { email }, now });
    const [first, second] = await links(email);
    expect(await checkConfirmToken(first!, now)).toBe(true);
    expect(await checkConfirmToken(second!, now)).toBe(true);
    // The mail says how long the link has left, not a fresh 48 hours.
    const resent = await t.handle.db.outboxMail.findFirstOrThrow({ where: { to: email }, orderBy: { id: 'desc' } });
    expect(resent.text).toContain('The link works for 1 hour.');

    const later = new Date(now.getTime() + 2 * HOUR);
    expect(await checkConfirmToken(first!, later)).toBe(false);
    await expect(confirmSubscription({ token: second!, now: later })).rejects.toThrow(INVALID_LINK);
    await subscribe({ input: { email }, now: later });
    const fresh = (await links(email))[2]!;
    expect(fresh).not.toBe(first);
    expect(await checkConfirmToken(first!, later)).toBe(false);
    await confirmSubscription({ token: fresh, now: later });
    expect((await subscriber(email)).confirmedAt).not.toBeNull();
  });

  it('gives parallel requests one subscriber, the rate limit, and one working link in every mail, confirmed once', async () => {
    const email = 'burst@example.com';
    const burst = Array.from({ length: 30 }, (_, i) => subscribe({ input: { email }, ip: `10.50.0.${i}` }));
    expect(await outcomes(burst)).toEqual({ ok: SUBSCRIBE_PER_ADDRESS.limit, rate_limited: 30 - SUBSCRIBE_PER_ADDRESS.limit });
    expect(await t.handle.db.subscriber.count({ where: { email } })).toBe(1);
    const sent = await links(email);
    expect(sent).toHaveLength(SUBSCRIBE_PER_ADDRESS.limit);
    for (const link of sent) expect(await checkConfirmToken(link)).toBe(true);

    // A parallel click on every mail's link at once: one confirms, the rest find nothing to confirm.
    expect(await outcomes([...sent, ...sent].map((token) => confirmSubscription({ token })))).toEqual({ ok: 1, not_found: 2 * sent.length - 1 });
    expect((await subscriber(email)).confirmedAt).not.toBeNull();
  });

  it('gives parallel requests for a known address whose link ran out one fresh link that every mail carries', async () => {
    const email = 'expired-burst@example.com';
    await subscribe({ input: { email }, now: new Date(Date.now() - (CONFIRM_HOURS + 1) * HOUR) });
    const [stale] = await links(email);
    expect(await checkConfirmToken(stale!)).toBe(false);
    expect(await outcomes(Array.from({ length: SUBSCRIBE_PER_ADDRESS.limit }, (_, i) => subscribe({ input: { email }, ip: `10.51.0.${i}` })))).toEqual({ ok: SUBSCRIBE_PER_ADDRESS.limit });
    const fresh = (await links(email)).slice(1);
    expect(fresh).toHaveLength(SUBSCRIBE_PER_ADDRESS.limit);
    for (const link of fresh) expect(await checkConfirmToken(link)).toBe(true);
    expect(await checkConfirmToken(stale!)).toBe(false);
    await confirmSubscription({ token: fresh[0]! });
    for (const link of fresh) expect(await checkConfirmToken(link)).toBe(false);
    expect((await subscriber(email)).confirmedAt).not.toBeNull();
  });
});
