import smpp from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmsUrl } from '@/lib/channels/sms';
import { SMS_DOWN_PREFIX } from '@/lib/jobs/sms-dispatch';
import { smscCheck, smsWaitingCheck } from '@/lib/server/doctor/sms-checks';
import { startSmsc } from '@/tests/helpers/smsc';
import { freePort } from '@/tests/helpers/spawned-candor';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { addSubscribers, createScenario } from './notify-fixtures';

// `candor doctor` on text messages, against a real SMSC on loopback: a bind it takes, one it refuses,
// a wrong password, and nobody listening; and the texts held for an SMSC that cannot be used.

describe('candor doctor: the SMSC', () => {
  it('passes when the SMSC takes our bind (and unbinds after), and names what it said otherwise', async () => {
    const smsc = await startSmsc();
    const refusing = await startSmsc({ refuseBinds: smpp.errors.ESME_RBINDFAIL });
    try {
      const ok = await smscCheck(parseSmsUrl(smsc.url()));
      expect(ok).toMatchObject({ name: 'smsc', level: 'ok', message: expect.stringContaining('accepted our bind') });
      expect(smsc.binds).toBe(1);
      await expect.poll(() => smsc.unbinds).toBe(1);
      const wrongPassword = await smscCheck(parseSmsUrl(smsc.url(undefined, 'not-it')));
      expect(wrongPassword).toMatchObject({ level: 'fail', fix: expect.stringContaining('SMS_URL') });
      expect(wrongPassword.message).toMatch(/ESME_RINVPASWD/);
      const refused = await smscCheck(parseSmsUrl(refusing.url()));
      expect(refused.level).toBe('fail');
      expect(refused.message).toMatch(/ESME_RBINDFAIL/);
      const nobody = await smscCheck(parseSmsUrl(`smpp://candor:secret@127.0.0.1:${await freePort()}`), 3_000);
      expect(nobody.level).toBe('fail');
      expect(nobody.message).toMatch(/^127\.0\.0\.1:\d+: /);
    } finally {
      await smsc.stop();
      await refusing.stop();
    }
  });

  it('passes without SMS_URL: texts stay in the local outbox', async () => {
    expect(await smscCheck(undefined)).toMatchObject({ level: 'ok', message: expect.stringContaining('local SMS outbox') });
  });
});

describe.each(DATABASE_KINDS)('candor doctor: texts held for the SMSC on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
  });
  afterAll(async () => t?.drop());

  it('fails while texts wait for the SMSC, with the reason; e-mail rows waiting do not count', async () => {
    const db = t.handle.db;
    const s = await createScenario(db);
    const [mail] = await addSubscribers(db, [{ email: 'mail@example.au', regionIds: [s.regions.telstra] }]);
    const phone = await db.subscriber.create({ data: { email: 'p@example.au', channel: 'sms', phoneNumber: '+61412000777', key: 'sms +61412000777', confirmedAt: new Date(), manageTokenHash: 'h-doctor' } });
    const notice = await db.notice.create({ data: { incidentId: s.incidentId, kind: 'update', status: 'sending', queuedAt: new Date() } });
    // An e-mail row held with the same words is not a text: the positive control below needs the SMS row.
    await db.delivery.create({ data: { noticeId: notice.id, subscriberId: mail!, regionId: s.regions.telstra, status: 'pending', lastError: `${SMS_DOWN_PREFIX}not a text` } });
    expect(await smsWaitingCheck(t.url, kind)).toMatchObject({ name: 'text messages', level: 'ok' });
    await db.delivery.create({ data: { noticeId: notice.id, subscriberId: phone.id, regionId: s.regions.telstra, status: 'pending', lastError: `${SMS_DOWN_PREFIX}the SMSC refused our bind (ESME_RBINDFAIL)` } });
    const held = await smsWaitingCheck(t.url, kind);
    expect(held).toMatchObject({ name: 'text messages', level: 'fail', message: '1 text waits, uncharged, because a delivery worker cannot use the SMSC: the SMSC refused our bind (ESME_RBINDFAIL)' });
  });
});
