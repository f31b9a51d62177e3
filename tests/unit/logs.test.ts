import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, writeAccessLine, type AccessLine } from '@/lib/server/log/logger';
import { maskEmail, maskText } from '@/lib/server/log/mask';
import { patternOfPage, routeResolver } from '@/lib/server/http/route-pattern';
import { requestIdOf, UNMATCHED_ROUTE } from '@/lib/server/http/request-log';
import type { IncomingMessage } from 'node:http';

const TOKEN = 'q3Vd8kLmZr0XyT5uB1nC7wE2sA9fG4hJ6pK-_oQi2Ns';
const MANAGE = `cm9x1abcd0000qwer1234tyui.${TOKEN}`;

describe('maskText', () => {
  it('keeps the first letter and the domain of an address', () => {
    expect(maskEmail('alex.admin@example.com')).toBe('a***@example.com');
    expect(maskText('bounce from <pat+news@mail.example.org>: 550 no such user')).toBe('bounce from <p***@mail.example.org>: 550 no such user');
    expect(maskText('?email=sam%40example.net')).not.toContain('sam');
  });

  it.each([
    [`https://status.example.com/u/${TOKEN}`, 'https://status.example.com/u/:token'],
    [`http://127.0.0.1:3000/manage/${MANAGE}`, 'http://127.0.0.1:3000/manage/:token'],
    [`reset link http://localhost:3000/admin/password-reset/${TOKEN} sent`, 'reset link http://localhost:3000/admin/password-reset/:token sent'],
    [`GET /confirm/${TOKEN}?from=mail`, 'GET /confirm/:token?from=***'],
    [`https://x.example/admin/sign-in?email=pat%40example.com&next=/admin`, 'https://x.example/admin/sign-in?email=***&next=***'],
    ['Authorization: Bearer cnd_ab12cd34_secretsecretsecret', 'Authorization: [redacted] [redacted]'],
    ['token cnd_ab12cd34_secretsecretsecret leaked', 'token cnd_[redacted] leaked'],
    ['cookie candor_session=abcdef123456; candor_region=telstra-au', 'cookie candor_session=[redacted]; candor_region=telstra-au'],
    ['{"password":"correct-horse"}', '{"password":"[redacted]"}'],
  ])('%s', (raw, masked) => {
    expect(maskText(raw)).toBe(masked);
  });

  it('leaves ordinary diagnostics alone (file names, short path segments, database hosts)', () => {
    const line = 'public snapshot: cannot save /var/lib/candor/public-snapshot.3f9a0c1d2e4b5a6f.json: EACCES';
    expect(maskText(line)).toBe(line);
    expect(maskText('GET /regions/telstra-au/feed.atom 200')).toBe('GET /regions/telstra-au/feed.atom 200');
    expect(maskText('database postgresql://postgres@127.0.0.1:5432/candor unreachable (ECONNREFUSED)')).toBe('database postgresql://postgres@127.0.0.1:5432/candor unreachable (ECONNREFUSED)');
  });
});

describe('the logger', () => {
  it('masks messages, known keys and errors in what it writes', async () => {
    let out = '';
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((out += chunk.toString()), done()) });
    const log = createLogger(sink, 'info').child({ component: 'worker' });
    log.info({ email: 'jo@example.com', password: 'hunter2hunter2', headers: { authorization: 'Bearer abc', cookie: 'candor_session=zzz' }, token: TOKEN }, `sent to jo@example.com: https://s.example/u/${TOKEN}`);
    log.warn({ err: new Error(`550 <jo@example.com> rejected, link /u/${TOKEN}`) }, 'send failed');
    log.debug('not at info level');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 'info', component: 'worker', email: 'j***@example.com', password: '[redacted]', token: '[redacted]', headers: { authorization: '[redacted]', cookie: '[redacted]' }, msg: 'sent to j***@example.com: https://s.example/u/:token' });
    expect(lines[1]).toMatchObject({ level: 'warn', err: { message: '550 <j***@example.com> rejected, link /u/:token' } });
    for (const secret of ['jo@example.com', 'hunter2', TOKEN, 'zzz', 'abc"']) expect(out).not.toContain(secret);
  });
});

describe('the request line', () => {
  it('is the line pino writes for the same fields, at both levels, with and without aborted; nothing below the level', () => {
    const capture = (level: 'info' | 'warn') => {
      let out = '';
      const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((out += chunk.toString()), done()) });
      return { log: createLogger(sink, level).child({ component: 'http' }), lines: () => out.trim().split('\n').filter(Boolean) };
    };
    const lines: AccessLine[] = [
      { reqId: '7f1c2b5e-1d2a-4c4f-9a53-0c3f64a9e2b1', method: 'GET', route: '/regions/:slug', status: 200, ms: 0.4, bytes: 5321 },
      { reqId: 'lb-1234:abc.def_9', method: 'PROPFIND', route: '(unmatched)', status: 405, ms: 12, bytes: 0 },
      { reqId: 'x', method: 'POST', route: '/api/v1/incidents/:id/updates', status: 503, ms: 1503.7, bytes: 88, aborted: true },
      { reqId: 'y', method: 'GET', route: '/weird "route" \\ \u2028', status: 200, ms: 0, bytes: 1 },
    ];
    const fast = capture('info');
    const slow = capture('info');
    for (const line of lines) {
      const level = line.status >= 500 ? 'error' : 'info';
      writeAccessLine(fast.log, level, line);
      slow.log[level](line, 'request');
    }
    // Equal but for the time (two writes may straddle a millisecond).
    const untimed = (l: string) => l.replace(/,"time":"[^"]+"/, '');
    expect(fast.lines().map(untimed)).toEqual(slow.lines().map(untimed));
    expect(fast.lines()).toHaveLength(4);
    expect(JSON.parse(fast.lines()[3]!)).toMatchObject({ level: 'info', component: 'http', route: '/weird "route" \\ \u2028', msg: 'request' });
    expect(JSON.parse(fast.lines()[0]!).time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const quiet = capture('warn');
    writeAccessLine(quiet.log, 'info', lines[0]!);
    writeAccessLine(quiet.log, 'error', lines[2]!);
    expect(quiet.lines().map((l) => JSON.parse(l).level)).toEqual(['error']);
  });
});

describe('route patterns', () => {
  it('turns Next page names into patterns', () => {
    expect(patternOfPage('/u/[token]')).toBe('/u/:token');
    expect(patternOfPage('/api/v1/incidents/[id]/updates/[updateId]/approve')).toBe('/api/v1/incidents/:id/updates/:updateId/approve');
    expect(patternOfPage('/api/v2/[...path]')).toBe('/api/v2/:path*');
    expect(patternOfPage('/[[...path]]')).toBe('/:path*');
  });

  it('prefers the public snapshot, then static routes, then dynamic ones, and buckets the rest', () => {
    const resolve = routeResolver(
      {
        staticRoutes: [{ page: '/admin', regex: '^/admin(?:/)?$' }],
        dynamicRoutes: [{ page: '/u/[token]', regex: '^/u/([^/]+?)(?:/)?$' }],
      },
      (path) => (path === '/incidents/abc' ? '/incidents/:id' : undefined),
    );
    expect(resolve('GET', '/incidents/abc')).toBe('/incidents/:id');
    expect(resolve('GET', '/admin/')).toBe('/admin');
    expect(resolve('POST', `/u/${TOKEN}`)).toBe('/u/:token');
    expect(resolve('GET', '/_next/static/chunks/x.js')).toBe('/_next/*');
    expect(resolve('GET', '/wp-login.php')).toBe(UNMATCHED_ROUTE);
  });
});

describe('request ids', () => {
  const req = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as IncomingMessage;
  it('keeps a short plain id and replaces anything else', () => {
    expect(requestIdOf(req('lb-7f3a.91:2'))).toBe('lb-7f3a.91:2');
    const made = new Set<string>();
    for (const bad of [undefined, '', 'x'.repeat(65), 'a b', 'id\nforged', '<script>', 'ü']) {
      const id = requestIdOf(req(bad));
      expect(id, String(bad)).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
      made.add(id);
    }
    // Each new, one prefix per process, and itself a plain id that a second Candor keeps.
    expect(made.size).toBe(7);
    expect(new Set([...made].map((id) => id.split('-')[0])).size).toBe(1);
    const again = [...made][0]!;
    expect(requestIdOf(req(again))).toBe(again);
  });
});
