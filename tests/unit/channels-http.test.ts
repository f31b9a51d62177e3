import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '@/lib/channels/http/address-policy';
import { checkEndpointUrl, EndpointRefused } from '@/lib/channels/http/endpoint';
import { classifyHttpError, classifyHttpResponse, parseRetryAfter, RETRY_AFTER_MAX_MS } from '@/lib/channels/http/classify';
import { afterAttempt, afterFailures, DISABLE_POLICY } from '@/lib/domain/endpoint-health';
import { deliveryOutcomeOf, endpointAnswered } from '@/lib/jobs/channel-outcome';

describe('which addresses a webhook may reach', () => {
  it('refuses loopback, private, link-local, CGNAT, metadata, IPv6 loopback/ULA/link-local and mapped forms; allows public unicast', () => {
    const inside = ['127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '224.0.0.1'];
    for (const a of inside) expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(a), a).toBe(true);
    expect(isPublicAddress('not-an-ip')).toBe(false);
  });

  it('checks the URL itself: https only, no credentials, no literal inside address or localhost name; the private switch lifts both', () => {
    const refused = (u: string) => {
      try {
        checkEndpointUrl(u, false);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(EndpointRefused);
        return (error as Error).message;
      }
    };
    expect(refused('http://example.com/hook')).toMatch(/https/);
    expect(refused('ftp://example.com/hook')).toMatch(/https/);
    expect(refused('https://user:pw@example.com/hook')).toMatch(/user name or password/);
    expect(refused('https://127.0.0.1/hook')).toMatch(/inside the network \(loopback/);
    expect(refused('https://[::1]/hook')).toMatch(/inside the network \(loopback/);
    expect(refused('https://169.254.169.254/latest/meta-data')).toMatch(/linkLocal/);
    expect(refused('https://[::ffff:7f00:1]/hook')).toMatch(/inside the network/);
    expect(refused('https://localhost/hook')).toMatch(/localhost/);
    expect(refused('not a url')).toMatch(/not a valid URL/);
    expect(refused('https://hooks.slack.com/services/T/B/X')).toBeNull();
    expect(checkEndpointUrl('http://127.0.0.1:9/hook', true).host).toBe('127.0.0.1:9');
  });
});

describe('HTTP outcome classification', () => {
  const now = Date.parse('2026-11-30T10:00:00Z');
  it('2xx delivered; 408, 429, 5xx and redirects retried; other 4xx fail', () => {
    expect(classifyHttpResponse(200, undefined, now).kind).toBe('delivered');
    expect(classifyHttpResponse(204, undefined, now).kind).toBe('delivered');
    for (const s of [408, 429, 500, 502, 503, 504]) expect(classifyHttpResponse(s, undefined, now).kind, String(s)).toBe('retry');
    for (const s of [301, 302, 307, 308]) expect(classifyHttpResponse(s, undefined, now)).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/redirects are not followed/) });
    for (const s of [400, 401, 403, 404, 410, 413, 422]) expect(classifyHttpResponse(s, undefined, now).kind, String(s)).toBe('failed');
    expect(classifyHttpResponse(404, undefined, now, 'no such\nhook')).toMatchObject({ reason: 'HTTP 404: no such hook' });
  });

  it('honours Retry-After as seconds or as an HTTP date, capped, and ignores what it cannot read', () => {
    expect(classifyHttpResponse(429, '7', now)).toEqual({ kind: 'retry', reason: 'HTTP 429', retryAfterMs: 7000 });
    expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(parseRetryAfter(new Date(now - 5_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('999999', now)).toBe(RETRY_AFTER_MAX_MS);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(classifyHttpResponse(503, 'soon', now)).toEqual({ kind: 'retry', reason: 'HTTP 503' });
  });

  it('a broken exchange costs a retry; an endpoint that now resolves inside the network fails the delivery', () => {
    for (const code of ['timeout', 'connect_timeout', 'body_too_large', 'connection', 'protocol'] as const) expect(classifyHttpError({ code, message: code }).kind).toBe('retry');
    expect(classifyHttpError({ code: 'refused_address', message: 'points inside the network' }).kind).toBe('failed');
  });
});

describe('outbox outcome of a channel verdict', () => {
  const policy = { baseMs: 1000, maxMs: 8000 };
  const ctx = { id: 7, attempts: 0, maxAttempts: 3, policy, now: 1_000_000, random: () => 1 };
  it('maps delivered, failed, retry (Retry-After or backoff, up to the limit) and dependency_down (uncharged)', () => {
    expect(deliveryOutcomeOf({ kind: 'delivered', reference: 'HTTP 200' }, ctx)).toEqual({ id: 7, status: 'sent', messageId: 'HTTP 200' });
    expect(deliveryOutcomeOf({ kind: 'failed', reason: 'HTTP 404' }, ctx)).toMatchObject({ status: 'failed', countAttempt: true, failureClass: 'rejected' });
    expect(deliveryOutcomeOf({ kind: 'retry', reason: 'HTTP 429', retryAfterMs: 5000 }, ctx)).toMatchObject({ status: 'pending', nextAttemptAt: new Date(1_005_000), countAttempt: true });
    expect(deliveryOutcomeOf({ kind: 'retry', reason: 'HTTP 429', retryAfterMs: 0 }, ctx)).toMatchObject({ nextAttemptAt: new Date(1_001_000) });
    expect(deliveryOutcomeOf({ kind: 'retry', reason: 'HTTP 500' }, { ...ctx, attempts: 1 })).toMatchObject({ status: 'pending', nextAttemptAt: new Date(1_002_000) });
    expect(deliveryOutcomeOf({ kind: 'retry', reason: 'HTTP 500' }, { ...ctx, attempts: 2 })).toMatchObject({ status: 'failed', failureClass: 'try_later', error: 'gave up after 3 attempts: HTTP 500' });
    expect(deliveryOutcomeOf({ kind: 'dependency_down', reason: 'SMSC unbound' }, ctx)).toMatchObject({ status: 'pending', countAttempt: false, nextAttemptAt: new Date(1_030_000) });
    expect([endpointAnswered({ kind: 'delivered', reference: '' }), endpointAnswered({ kind: 'retry', reason: '' }), endpointAnswered({ kind: 'failed', reason: '' }), endpointAnswered({ kind: 'dependency_down', reason: '' })]).toEqual([true, false, false, null]);
  });
});

describe('auto-disable of a failing endpoint', () => {
  const t0 = new Date('2026-11-01T00:00:00Z');
  const at = (h: number) => new Date(t0.getTime() + h * 3600_000);
  it('disables only after failing across 24 hours and several attempts; one success resets the count', () => {
    let h = { failingSince: null as Date | null, failureCount: 0, lastFailureAt: null as Date | null, disable: false };
    for (let i = 0; i < 20; i++) h = afterAttempt(h, false, at(i * 0.1));
    expect(h).toMatchObject({ failingSince: t0, failureCount: 20, lastFailureAt: at(1.9), disable: false });
    h = afterAttempt(h, false, at(23.9));
    expect(h.disable).toBe(false);
    h = afterAttempt(h, false, at(24));
    expect(h.disable).toBe(true);
    expect(afterAttempt(h, true, at(25))).toEqual({ failingSince: null, failureCount: 0, lastFailureAt: null, disable: false });
    // A day apart but only twice: not yet "repeated".
    const twice = afterAttempt(afterAttempt({ failingSince: null, failureCount: 0, lastFailureAt: null }, false, at(0)), false, at(30));
    expect(twice.failureCount).toBeLessThan(DISABLE_POLICY.minFailures);
    expect(twice.disable).toBe(false);
  });

  it('a failure after a long silence never disables by itself: a blip on Thursday after Monday\'s failures waits for the retry', () => {
    let h = { failingSince: null as Date | null, failureCount: 0, lastFailureAt: null as Date | null, disable: false };
    // Monday: one notice's attempts all fail within two hours.
    for (const hour of [0, 0.5, 1, 1.5, 2]) h = afterAttempt(h, false, at(hour));
    expect(h).toMatchObject({ failureCount: 5, disable: false });
    // Thursday, nothing tried since: the first failure is past the day and the count, yet it does not disable.
    const thursday = afterAttempt(h, false, at(72));
    expect(thursday).toMatchObject({ failingSince: t0, failureCount: 6, lastFailureAt: at(72), disable: false });
    // The endpoint was mended: the retry succeeds and the record is clean.
    expect(afterAttempt(thursday, true, at(72.1)).failureCount).toBe(0);
    // Or it still fails: the retry disables it.
    expect(afterAttempt(thursday, false, at(72.1)).disable).toBe(true);
    // The positive control: failing every few hours (never a silence), it is disabled once a day has passed.
    let steady = h;
    for (let hour = 4; hour <= 26; hour += 4) steady = afterAttempt(steady, false, at(hour));
    expect(steady.disable).toBe(true);
  });

  it('failures recorded together (two notices reaching it at once) are one observation: after a silence they do not disable it either', () => {
    let h = { failingSince: null as Date | null, failureCount: 0, lastFailureAt: null as Date | null };
    for (const hour of [0, 0.5, 1, 1.5, 2]) h = afterAttempt(h, false, at(hour));
    // Thursday: two notices' attempts fail in the same batch; both are counted, neither disables.
    const thursday = afterFailures(h, 2, at(72));
    expect(thursday).toMatchObject({ failingSince: t0, failureCount: 7, lastFailureAt: at(72), disable: false });
    // The retry that fails as well does.
    expect(afterFailures(thursday, 1, at(72.1)).disable).toBe(true);
    // The positive control: the same batch of two, failing on Tuesday after failures every few hours, disables.
    let steady = { ...h, disable: false };
    for (let hour = 4; hour <= 20; hour += 4) steady = afterAttempt(steady, false, at(hour));
    expect(steady.disable).toBe(false);
    expect(afterFailures(steady, 2, at(24)).disable).toBe(true);
    // One failure is afterAttempt's failure; none changes nothing.
    expect(afterFailures(h, 1, at(72))).toEqual(afterAttempt(h, false, at(72)));
    expect(afterFailures(h, 0, at(72))).toEqual({ ...h, disable: false });
  });
});
