import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefsFromForm } from '@/app/(public)/subscribe/_lib/prefs-form';
import { POST as subscriptionsPOST } from '@/app/api/subscriptions/route';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { startSink, type Sink } from '@/lib/mail/sink';
import { closeTransport, installTransport } from '@/lib/mail/transport';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { subscribe } from '@/lib/server/subscriptions/subscribe';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { createScenario, parse, waitFor } from './notify-fixtures';

// Subscribing to one carrier subscribes to that carrier (issue 12): a ticked box means "only
// these" even when the radio was left on "every carrier" (no JavaScript moved it), and the
// confirmation mail names just that carrier.

const form = (fields: [string, string][]) => {
  const fd = new FormData();
  for (const [k, v] of fields) fd.append(k, v);
  return fd;
};

describe.each(DATABASE_KINDS)('subscribe choices on %s', (kind) => {
  let t: TestDatabase;
  let sink: Sink;
  let worker: RunningWorker;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    sink = await startSink({ keep: 100 });
    installTransport(sink.url);
    await createScenario(t.handle.db);
    worker = await startWorker({ pollMs: 100, domainRate: 0 });
  });
  afterAll(async () => {
    await worker.stop();
    await closeTransport();
    await sink.stop();
    await t.drop();
  });

  const stored = (email: string) => t.handle.db.subscriber.findUniqueOrThrow({ where: { key: email }, include: { regions: { include: { region: true } }, components: true } });
  const confirmation = async (email: string) => parse(await waitFor(`confirmation to ${email}`, () => sink.messages.find((m) => m.to[0] === email)));

  it('stores and confirms only the ticked carrier when the radio still says "every carrier"', async () => {
    const email = `hiptop-${kind}@example.au`;
    const fd = form([['email', email], ['regions_mode', 'all'], ['regions', 'telstra-au'], ['components_mode', 'all'], ['time_zone', 'Australia/Sydney']]);
    await subscribe({ input: { email, ...prefsFromForm(fd) }, ip: '203.0.113.20' });
    const row = await stored(email);
    expect(row.allRegions).toBe(false);
    expect(row.regions.map((r) => r.region.slug)).toEqual(['telstra-au']);
    expect([row.allComponents, row.timeZone]).toEqual([true, 'Australia/Sydney']);
    const mail = await confirmation(email);
    expect(mail.text).toContain('Telstra');
    expect(mail.text).not.toMatch(/T-Mobile|Rogers/);

    // Positive control: nothing ticked and "every carrier" is every carrier, and its mail names them.
    const all = `everyone-${kind}@example.com`;
    await subscribe({ input: { email: all, ...prefsFromForm(form([['regions_mode', 'all'], ['components_mode', 'all'], ['time_zone', 'UTC']])) }, ip: '203.0.113.20' });
    expect((await stored(all)).allRegions).toBe(true);
    expect((await confirmation(all)).text).not.toContain('Telstra');
  });

  it('reads a ticked service as "only these" too, and keeps an explicit empty "only these" for the service to refuse', async () => {
    expect(prefsFromForm(form([['components_mode', 'all'], ['components', 'photos'], ['time_zone', 'UTC']]))).toMatchObject({ regions: 'all', components: ['photos'] });
    expect(prefsFromForm(form([['regions_mode', 'some'], ['time_zone', 'UTC']])).regions).toEqual([]);
  });

  it('refuses a time zone that is not an IANA zone with 422 naming time_zone', async () => {
    const res = await subscriptionsPOST(new Request('http://127.0.0.1/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `zone-${kind}@example.com`, regions: ['telstra-au'], time_zone: 'Sidekick/Danger' }) }));
    expect(res.status).toBe(422);
    expect((await res.json()).error.field).toBe('time_zone');
    const ok = await subscriptionsPOST(new Request('http://127.0.0.1/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `zone-${kind}@example.com`, regions: ['telstra-au'], time_zone: 'Australia/Perth' }) }));
    expect(ok.status).toBe(202);
    expect((await stored(`zone-${kind}@example.com`)).timeZone).toBe('Australia/Perth');
  });
});
