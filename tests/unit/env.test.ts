import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, readEnv, redact } from '@/lib/server/env';

const fail = (vars: Record<string, string>) => {
  try {
    readEnv(vars);
  } catch (error) {
    return error as EnvError;
  }
  throw new Error('expected an EnvError');
};

describe('readEnv', () => {
  it('defaults to the embedded SQLite database on port 3000 with the in-process worker', () => {
    const env = readEnv({});
    expect(env).toMatchObject({ databaseUrl: `file:${join(process.cwd(), 'data', 'candor.db')}`, databaseKind: 'sqlite', port: 3000, inProcessWorker: true });
  });

  it('treats empty strings as unset', () => {
    expect(readEnv({ DATABASE_URL: '', PORT: ' ', SMTP_URL: '' })).toMatchObject({ port: 3000, smtpUrl: undefined });
  });

  it('switches to PostgreSQL by DATABASE_URL alone, still sending mail from the web process unless CANDOR_WORKER=off', () => {
    expect(readEnv({ DATABASE_URL: 'postgresql://u@127.0.0.1/db' })).toMatchObject({ databaseKind: 'postgresql', inProcessWorker: true });
    expect(readEnv({ DATABASE_URL: 'postgresql://u@127.0.0.1/db', CANDOR_WORKER: 'off' }).inProcessWorker).toBe(false);
    expect(readEnv({ DATABASE_URL: 'postgres://u@h/db' }).databaseKind).toBe('postgresql');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '0' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'file:' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ SMTP_URL: 'not a url' }, 'SMTP_URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'status page' }, 'PUBLIC_URL'],
    [{ CANDOR_WORKER: 'maybe' }, 'CANDOR_WORKER'],
    [{ DKIM_DOMAIN: 'example.com' }, 'DKIM_PRIVATE_KEY'],
    [{ TRUSTED_PROXIES: 'proxy.example.com' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: '10.0.0.1, 300.1.1.1' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: '10.0.0.0/255.0.255.0' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: 'fd00::/129' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: 'private' }, 'TRUSTED_PROXIES'],
  ])('names the bad variable in %j', (vars, variable) => {
    const error = fail(vars);
    expect(error).toBeInstanceOf(EnvError);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}:`)).toBe(true);
  });

  it('never prints a password from a URL', () => {
    expect(redact('postgresql://user:s3cret@db:5432/x')).toBe('postgresql://user:***@db:5432/x');
    expect(fail({ SMTP_URL: 'http://u:s3cret@mail' }).message).not.toContain('s3cret');
  });

  it('trusts no proxy by default, and takes addresses, CIDRs and the proxy-addr keywords', () => {
    expect(readEnv({}).trustedProxies).toEqual([]);
    expect(readEnv({ TRUSTED_PROXIES: ' ' }).trustedProxies).toEqual([]);
    expect(readEnv({ TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16,fd00::/8, loopback,linklocal,uniquelocal, 10.1.0.0/255.255.0.0' }).trustedProxies).toEqual(['10.0.0.1', '192.168.0.0/16', 'fd00::/8', 'loopback', 'linklocal', 'uniquelocal', '10.1.0.0/255.255.0.0']);
  });

  it.each([
    [{ MAIL_RATE_PER_SECOND: 'abc' }, 'MAIL_RATE_PER_SECOND'],
    [{ MAIL_RATE_PER_SECOND: '-5' }, 'MAIL_RATE_PER_SECOND'],
    [{ MAIL_RATE_PER_SECOND: '1e3' }, 'MAIL_RATE_PER_SECOND'],
    [{ MAIL_RATE_PER_SECOND: 'Infinity' }, 'MAIL_RATE_PER_SECOND'],
    [{ MAIL_RATE_PER_SECOND: '0x10' }, 'MAIL_RATE_PER_SECOND'],
    [{ MAIL_RATE_PER_SECOND: '５０' }, 'MAIL_RATE_PER_SECOND'],
    [{ MAIL_DOMAIN_RATE_PER_SECOND: '50/s' }, 'MAIL_DOMAIN_RATE_PER_SECOND'],
    [{ MAIL_DOMAIN_RATE_PER_SECOND: '5O' }, 'MAIL_DOMAIN_RATE_PER_SECOND'],
    [{ MAIL_FROM: 'status' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'Status <status>' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'status@example.com\r\nBcc: victim@example.org' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'a@b@example.com' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'Status <status@example.com' }, 'MAIL_FROM'],
    [{ DKIM_DOMAIN: 'exa mple.com', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: 'x' }, 'DKIM_DOMAIN'],
    [{ DKIM_DOMAIN: 'example.com', DKIM_SELECTOR: 's 1', DKIM_PRIVATE_KEY: 'x' }, 'DKIM_SELECTOR'],
    [{ DKIM_DOMAIN: 'example.com', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: 'not a key' }, 'DKIM_PRIVATE_KEY'],
  ])('refuses a bad mail setting, naming it: %j', (vars, variable) => {
    const error = fail(vars);
    expect(error).toBeInstanceOf(EnvError);
    expect(error.variable).toBe(variable);
  });

  it('reads mail rates: unlimited overall and adaptive per domain by default; numbers as given', () => {
    expect(readEnv({})).toMatchObject({ mailRatePerSecond: 0, mailDomainRatePerSecond: null });
    expect(readEnv({ MAIL_RATE_PER_SECOND: ' ', MAIL_DOMAIN_RATE_PER_SECOND: '' })).toMatchObject({ mailRatePerSecond: 0, mailDomainRatePerSecond: null });
    expect(readEnv({ MAIL_RATE_PER_SECOND: '200', MAIL_DOMAIN_RATE_PER_SECOND: '0' })).toMatchObject({ mailRatePerSecond: 200, mailDomainRatePerSecond: 0 });
    expect(readEnv({ MAIL_RATE_PER_SECOND: '2.5', MAIL_DOMAIN_RATE_PER_SECOND: ' 50 ' })).toMatchObject({ mailRatePerSecond: 2.5, mailDomainRatePerSecond: 50 });
  });

  it('takes MAIL_FROM as an address or Name <address>, and a DKIM key as PEM with \\n escapes', () => {
    expect(readEnv({ MAIL_FROM: 'status@example.com' }).mailFrom).toBe('status@example.com');
    expect(readEnv({ MAIL_FROM: '"Danger Status" <status@danger.example>' }).mailFrom).toBe('"Danger Status" <status@danger.example>');
    expect(readEnv({ MAIL_FROM: 'Statut Ünïcode <statut@exemple.fr>' }).mailFrom).toBe('Statut Ünïcode <statut@exemple.fr>');
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const dkim = readEnv({ DKIM_DOMAIN: 'example.com', DKIM_SELECTOR: 'candor', DKIM_PRIVATE_KEY: pem.replace(/\n/g, '\\n') }).dkim;
    expect(dkim).toEqual({ domainName: 'example.com', keySelector: 'candor', privateKey: pem });
  });

  it('strips a trailing slash from PUBLIC_URL', () => {
    expect(readEnv({ PUBLIC_URL: 'https://status.example.com/' }).publicUrl).toBe('https://status.example.com');
  });
});
