import { describe, expect, it } from 'vitest';
import { parseSenderId, parseSmsUrl, senderIdFor, SmsConfigError } from '@/lib/channels/sms/config';
import { EnvError, readEnv } from '@/lib/server/env';

const refusal = (raw: string) => {
  try {
    parseSmsUrl(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(SmsConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('SMS_URL', () => {
  it('reads host, port, credentials and the defaults', () => {
    expect(parseSmsUrl('smpp://candor:s3cret@smsc.example.net:2775')).toEqual({
      host: 'smsc.example.net',
      port: 2775,
      tls: false,
      systemId: 'candor',
      password: 's3cret',
      systemType: '',
      window: 10,
      enquireLinkSeconds: 30,
      responseTimeoutSeconds: 30,
      ratePerSecond: 0,
      receipts: true,
      senderId: undefined,
    });
  });

  it('smpps:// is TLS, on 3550 unless a port is given; percent-escapes are decoded', () => {
    expect(parseSmsUrl('smpps://cand%40r:p%3Ass@[::1]')).toMatchObject({ tls: true, port: 3550, host: '::1', systemId: 'cand@r', password: 'p:ss' });
    expect(parseSmsUrl('smpp://a:b@h').port).toBe(2775);
  });

  it('reads the options', () => {
    expect(parseSmsUrl('smpp://a:b@h:1?window=50&system_type=VMA&enquire_link=15&response_timeout=5&rate=12.5&receipts=off&sender=Telstra')).toMatchObject({
      window: 50,
      systemType: 'VMA',
      enquireLinkSeconds: 15,
      responseTimeoutSeconds: 5,
      ratePerSecond: 12.5,
      receipts: false,
      senderId: { address: 'Telstra', ton: 5, npi: 0 },
    });
  });

  it.each([
    ['not a url', /is not a URL/],
    ['smtp://a:b@h', /must start with smpp:\/\/ or smpps:\/\//],
    ['smpp://h:2775', /no system_id/],
    ['smpp://abcdefghijklmnop:x@h', /system_id is 16 characters; SMPP 3.4 allows at most 15/],
    ['smpp://a:123456789@h', /password is 9 characters; SMPP 3.4 allows at most 8/],
    ['smpp://a:b@h?window=0', /window=0 is not a whole number from 1 to 1000/],
    ['smpp://a:b@h?window=ten', /window=ten/],
    ['smpp://a:b@h?enquire_link=0', /enquire_link=0/],
    ['smpp://a:b@h?rate=-1', /rate=-1/],
    ['smpp://a:b@h?receipts=yes', /receipts=yes must be on or off/],
    ['smpp://a:b@h?system_type=thirteenchars', /system_type/],
    ['smpp://a:b@h?sender=%2B123', /sender "\+123" is not a sender ID/],
    ['smpp://a:b@h?windw=5', /unknown option "windw"/],
  ])('%s is refused: %s', (raw, message) => {
    expect(refusal(raw)).toMatch(message);
  });

  it('stops Candor naming SMS_URL, with the password hidden; empty is unset', () => {
    let error: unknown;
    try {
      readEnv({ SMS_URL: 'smpp://candor:hunter2@h?window=0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).variable).toBe('SMS_URL');
    expect((error as EnvError).message).toContain('window=0');
    expect((error as EnvError).message).not.toContain('hunter2');
    expect(readEnv({ SMS_URL: ' ' }).sms).toBeUndefined();
    expect(readEnv({ SMS_URL: 'smpp://candor:pw@127.0.0.1:2775' }).sms).toMatchObject({ host: '127.0.0.1', systemId: 'candor' });
  });
});

describe('sender IDs', () => {
  it.each([
    ['Telstra', { address: 'Telstra', ton: 5, npi: 0 }],
    ['T-Mobile', { address: 'T-Mobile', ton: 5, npi: 0 }],
    [' AT&T ', { address: 'AT&T', ton: 5, npi: 0 }],
    ['7726', { address: '7726', ton: 3, npi: 0 }],
    ['+61412345678', { address: '61412345678', ton: 1, npi: 1 }],
    ['61412345678', { address: '61412345678', ton: 1, npi: 1 }],
    ['123456789', { address: '123456789', ton: 1, npi: 1 }],
    ['123456789012345', { address: '123456789012345', ton: 1, npi: 1 }],
  ])('%j', (raw, id) => {
    expect(parseSenderId(raw)).toEqual(id);
  });

  it.each(['', 'TwelveLetter', '12', '1234567890123456', '+1234567890123456', '012345678', 'Tëlstra', '+0123456', 'Tel/stra'])('%j is refused', (raw) => {
    expect(() => parseSenderId(raw)).toThrow(SmsConfigError);
  });

  it("a region's own sender ID wins over SMS_URL's; neither: the SMSC's default", () => {
    const config = { senderId: parseSenderId('Candor') };
    expect(senderIdFor('Telstra', config)?.address).toBe('Telstra');
    expect(senderIdFor(null, config)?.address).toBe('Candor');
    expect(senderIdFor('  ', config)?.address).toBe('Candor');
    expect(senderIdFor(undefined, { senderId: undefined })).toBeUndefined();
  });
});
