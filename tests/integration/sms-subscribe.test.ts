import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { forgetInstanceSecret } from '@/lib/server/secret';
import { createSmsSender, parseSmsUrl } from '@/lib/channels/sms';
import { installWebSmsSender } from '@/lib/server/sms/web-sender';
import { subscribe } from '@/lib/server/subscriptions/subscribe';
import { SMS_CODE_MAX_ATTEMPTS, SMS_CODE_MINUTES } from '@/lib/domain/sms-code';
import { POST as subscriptionsPOST } from '@/app/api/subscriptions/route';
import { POST as smsCodePOST } from '@/app/api/subscriptions/sms-code/route';
import { startSmsc, type Smsc } from '@/tests/helpers/smsc';
import { createScenario } from './notify-fixtures';

// Subscribing by SMS with a one-time code, against a real SMSC on loopback: the code arrives by
// text, a wrong one is refused, the right one confirms, an old or over-tried one is refused.

const json = (path: string, body: unknown, ip = '203.0.113.7') => new Request(`http://localhost${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify(body) });

describe.each(DATABASE_KINDS)('subscribing by SMS on %s', (kind) => {
  let t: TestDatabase;
  let smsc: Smsc;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    forgetInstanceSecret();
    await createScenario(t.handle.db);
    smsc = await startSmsc();
    await installWebSmsSender(createSmsSender({ config: parseSmsUrl(smsc.url()), log: () => undefined }));
  });
  afterEach(async () => {
    await t.handle.db.subscriber.deleteMany();
    await t.handle.db.rateLimit.deleteMany().catch(() => undefined);
    smsc.messages.length = 0;
  });
  afterAll(async () => {
    await installWebSmsSender(null);
    await smsc.stop();
    await t.drop();
  });

  const codeSentTo = (phone: string) => {
    const texts = smsc.messages.filter((m) => m.to === phone).map((m) => m.text);
    const code = /^(\d{6}) is your /.exec(texts[texts.length - 1] ?? '')?.[1];
    if (!code) throw new Error(`no code texted to ${phone}: ${JSON.stringify(texts)}`);
    return code;
  };
  const ask = (phone: string, email = 'me@example.au') => subscriptionsPOST(json('/api/subscriptions', { channel: 'sms', phone_number: phone, email, regions: ['telstra-au'] }));
  const confirm = (phone: string, code: string) => smsCodePOST(json('/api/subscriptions/sms-code', { phone_number: phone, code }));
  const row = (phone: string) => t.handle.db.subscriber.findFirstOrThrow({ where: { phoneNumber: phone } });

  it('texts a code; a wrong code is refused (422 naming code), the right one confirms', async () => {
    const res = await ask('+61412345601');
    expect(res.status).toBe(202);
    expect(((await res.json()) as { status: string }).status).toBe('check_your_phone');
    const code = codeSentTo('+61412345601');
    expect((await row('+61412345601')).confirmedAt).toBeNull();
    expect((await row('+61412345601')).smsCodeHash).not.toContain(code);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await confirm('+61412345601', wrong);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { field: string } }).error.field).toBe('code');
    expect((await row('+61412345601')).confirmedAt).toBeNull();
    const ok = await confirm('+61412345601', code);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { manage_url: string }).manage_url).toMatch(/^\/manage\//);
    const confirmed = await row('+61412345601');
    expect(confirmed.confirmedAt).not.toBeNull();
    expect(confirmed.smsCodeHash).toBeNull();
    // The code is spent: typing it again is refused.
    expect((await confirm('+61412345601', code)).status).toBe(422);
  });

  it('an expired code is refused; a fresh one for the same number works', async () => {
    const past = new Date(Date.now() - (SMS_CODE_MINUTES + 1) * 60_000);
    await subscribe({ input: { channel: 'sms', phone_number: '+61412345602', email: 'old@example.au' }, now: past });
    const old = codeSentTo('+61412345602');
    expect((await confirm('+61412345602', old)).status).toBe(422);
    expect((await row('+61412345602')).confirmedAt).toBeNull();
    expect((await ask('+61412345602', 'old@example.au')).status).toBe(202);
    expect((await confirm('+61412345602', codeSentTo('+61412345602'))).status).toBe(200);
  });

  it(`after ${SMS_CODE_MAX_ATTEMPTS} wrong tries even the right code is refused`, async () => {
    await ask('+61412345603');
    const code = codeSentTo('+61412345603');
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < SMS_CODE_MAX_ATTEMPTS; i++) expect((await confirm('+61412345603', wrong)).status).toBe(422);
    expect((await confirm('+61412345603', code)).status).toBe(422);
    expect((await row('+61412345603')).confirmedAt).toBeNull();
  });

  it('refuses a number that is not E.164 with 422 naming phone_number, and texts nothing', async () => {
    const res = await ask('0412 345 604');
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('phone_number');
    expect(smsc.messages).toHaveLength(0);
    // Positive control: the same number in E.164 gets its code.
    expect((await ask('+61412345604')).status).toBe(202);
    expect(smsc.messages.map((m) => m.to)).toEqual(['+61412345604']);
  });

  it('a number is one subscription whatever address comes with it: never two rows, never two texts', async () => {
    const phone = '+61412345605';
    expect((await ask(phone, 'first@example.au')).status).toBe(202);
    // Still pending: a second request with another address is the same subscription, with the new contact.
    expect((await ask(phone, 'second@example.au')).status).toBe(202);
    expect(await t.handle.db.subscriber.count({ where: { phoneNumber: phone } })).toBe(1);
    expect((await row(phone)).email).toBe('second@example.au');
    expect((await confirm(phone, codeSentTo(phone))).status).toBe(200);
    // Confirmed: a third address gets no second subscription; the phone is texted its manage link.
    smsc.messages.length = 0;
    expect((await ask(phone, 'third@example.au')).status).toBe(202);
    const texts = smsc.messages.filter((m) => m.to === phone).map((m) => m.text);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('this number already gets status notices');
    expect(texts[0]).toMatch(/\/manage\//);
    expect(await t.handle.db.subscriber.count({ where: { phoneNumber: phone } })).toBe(1);
    const kept = await row(phone);
    expect([kept.email, kept.key, kept.confirmedAt === null]).toEqual(['second@example.au', `sms ${phone}`, false]);
  });
});
