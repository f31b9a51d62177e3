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
    expect(env).toMatchObject({ databaseUrl: 'file:./data/candor.db', databaseKind: 'sqlite', port: 3000, inProcessWorker: true });
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

  it('strips a trailing slash from PUBLIC_URL', () => {
    expect(readEnv({ PUBLIC_URL: 'https://status.example.com/' }).publicUrl).toBe('https://status.example.com');
  });
});
