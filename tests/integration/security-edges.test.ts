import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NextConfig } from 'next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as componentsRoute from '@/app/api/v1/components/route';
import * as incidentsRoute from '@/app/api/v1/incidents/route';
import * as subscribersRoute from '@/app/api/v1/subscribers/route';
import { pageOf } from '@/app/admin/_lib/search-params';
import { cliActor } from '@/lib/server/actor';
import { listAudit } from '@/lib/server/audit-log/list-audit';
import { writeAudit } from '@/lib/server/audit';
import { AppError } from '@/lib/server/errors';
import { bodyLimitFor, CONSOLE_BODY_MAX_BYTES, CSV_IMPORT_MAX_BYTES } from '@/lib/server/http/body-limit';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import { buildSnapshot, lookup } from '@/lib/server/public/snapshot';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { importCsv } from '@/lib/server/subscribers/import-csv';
import { CSV_MAX_BYTES } from '@/lib/server/subscribers/parse-csv';
import { listSuppressions } from '@/lib/server/suppressions/list-suppressions';
import { listSubscribers } from '@/lib/server/subscribers/list-subscribers';
import { subscribe } from '@/lib/server/subscriptions/subscribe';
import { createComponent } from '@/lib/server/components/create-component';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { rawExchange } from '../helpers/front-door';
import { freePort } from '../helpers/spawned-candor';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';

// The smaller edges, on both engines: search takes % and _ literally, absurd paging values are
// refused with the field named, the CSV limit is one number with a message, and the iCalendar
// feed carries no control character whatever staff typed.

const get = (path: string, token: string) => new Request(`http://127.0.0.1${path}`, { headers: { authorization: `Bearer ${token}` } });

// Each is a string of hostile characters; the expected rows are those whose address contains it.
const ADDRESSES = ['a%b@x.test', 'a_b@x.test', 'axb@x.test', 'a\\b@x.test', 'plain@x.test'];
const SEARCHES: [string, string[]][] = [
  ['%', ['a%b@x.test']],
  ['_', ['a_b@x.test']],
  ['\\', ['a\\b@x.test']],
  ['a_b', ['a_b@x.test']],
  ['A_B', ['a_b@x.test']],
  ['a%', ['a%b@x.test']],
  ['%b@', ['a%b@x.test']],
  ['\\%', []],
  ['x.test', ADDRESSES],
];

const ABSURD = ['0', '-1', '1.5', '1e309', 'NaN', 'Infinity', '99999999999999999999', 'abc', '0x10', '%00', '1 2'];

describe.each(DATABASE_KINDS)('the smaller edges on %s', (kind) => {
  let t: TestDatabase;
  let viewer = '';
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    viewer = (await createApiToken({ actor: cliActor, input: { name: 'ro', role: 'viewer' } })).token;
    const db = t.handle.db;
    for (const [i, email] of ADDRESSES.entries()) {
      await db.subscriber.create({ data: { email, key: email, manageTokenHash: `hash-${i}`, confirmedAt: new Date() } });
      await db.suppression.create({ data: { email, reason: 'manual' } });
    }
    await db.$transaction(async (tx) => {
      for (const [i, email] of ADDRESSES.entries()) await writeAudit(tx, { type: 'user', userId: `u${i}`, label: `User <${email}>`, role: 'admin' }, { action: i === 1 ? 'sub_x.y' : 'subxx.y', objectType: 'subscriber', objectId: email });
    });
  });
  afterAll(async () => t?.drop());

  it.each(SEARCHES)('a search for %j finds only addresses containing it (API, suppressions, audit)', async (q, expected) => {
    const api = await subscribersRoute.GET(get(`/api/v1/subscribers?q=${encodeURIComponent(q)}&per_page=200`, viewer));
    expect(api.status).toBe(200);
    const body = (await api.json()) as { total: number; subscribers: { email: string }[] };
    expect(body.subscribers.map((s) => s.email).sort()).toEqual([...expected].sort());
    expect(body.total).toBe(expected.length);
    const sup = await listSuppressions({ actor: cliActor, input: { query: q } });
    expect(sup.suppressions.map((s) => s.email).sort()).toEqual([...expected].sort());
    const audit = await listAudit({ actor: q });
    expect(audit.entries.map((e) => e.objectId).sort()).toEqual([...expected].sort());
  });

  it('an action prefix with _ in it is taken literally in the audit log', async () => {
    expect((await listAudit({ action: 'sub_' })).entries.map((e) => e.objectId)).toEqual(['a_b@x.test']);
    expect((await listAudit({ action: 'sub' })).total).toBe(ADDRESSES.length);
  });

  it.each(ABSURD)('page or per_page %j gets 422 naming the field, on every paged API list', async (value) => {
    for (const path of ['/api/v1/subscribers', '/api/v1/incidents']) {
      const route = path.endsWith('subscribers') ? subscribersRoute : incidentsRoute;
      for (const field of ['page', 'per_page']) {
        const res = await route.GET(get(`${path}?${field}=${encodeURIComponent(value)}`, viewer));
        expect([path, field, value, res.status]).toEqual([path, field, value, 422]);
        expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
      }
    }
  });

  it('a repeated page, and pages past the end, are handled without a crash', async () => {
    const twice = await subscribersRoute.GET(get('/api/v1/subscribers?page=1&page=2', viewer));
    expect(twice.status).toBe(422);
    const last = await subscribersRoute.GET(get('/api/v1/subscribers?page=100000&per_page=200', viewer));
    expect(last.status).toBe(200);
    expect(((await last.json()) as { subscribers: unknown[] }).subscribers).toEqual([]);
    const ok = await incidentsRoute.GET(get('/api/v1/incidents?page=2&per_page=1', viewer));
    expect(ok.status).toBe(200);
  });

  it('the console lists refuse absurd pages with a message, and the page helper says why', async () => {
    for (const value of ABSURD.filter((v) => v.trim())) {
      await expect(listSuppressions({ actor: cliActor, input: { query: '', page: value } })).rejects.toMatchObject({ code: 'validation', field: 'page' });
      await expect(listAudit({ page: value })).rejects.toBeInstanceOf(AppError);
      const shown = pageOf({ page: value });
      expect(shown.page).toBe(1);
      expect(shown.error).toMatch(/page: a whole number from 1 to 100000/);
    }
    expect(pageOf({ page: ['1', '2'] }).error).toMatch(/page/);
    expect(pageOf({ page: '3' })).toEqual({ page: 3 });
  });

  it('a NUL character in JSON text is refused the same way on both engines (PostgreSQL text cannot hold one)', async () => {
    const admin = (await createApiToken({ actor: cliActor, input: { name: 'nul', role: 'admin' } })).token;
    const post = (body: unknown) => componentsRoute.POST(new Request('http://127.0.0.1/api/v1/components', { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    const refused = await post({ name: 'Con\u0000tacts', slug: 'contacts-nul' });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { field: string } }).error.field).toBe('name');
    expect((await post({ name: 'Contacts', slug: 'contacts-nul' })).status).toBe(201);
    expect(await t.handle.db.component.findMany({ where: { slug: 'contacts-nul' }, select: { name: true } })).toEqual([{ name: 'Contacts' }]);
  });

  it('a NUL character in any parsed input (console forms, searches, the public form) is a 422 naming the field, not a 500', async () => {
    const attempts: [string, () => Promise<unknown>][] = [
      ['query', () => listSubscribers({ actor: cliActor, input: { query: 'a\u0000b' } })],
      ['query', () => listSuppressions({ actor: cliActor, input: { query: '\u0000' } })],
      ['email', () => subscribe({ input: { email: 'nul\u0000@example.com' } })],
      ['name', () => createComponent({ actor: cliActor, input: { name: 'Pho\u0000tos', slug: 'photos-nul' } })],
    ];
    for (const [field, attempt] of attempts) {
      const error = await attempt().then(() => null, (e: unknown) => e);
      expect(error, field).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'validation', field });
    }
    // Positive controls: the same calls without the NUL succeed.
    await expect(listSubscribers({ actor: cliActor, input: { query: 'ab' } })).resolves.toBeDefined();
    await expect(createComponent({ actor: cliActor, input: { name: 'Photos', slug: 'photos-nul' } })).resolves.toBeDefined();
  });

  it('the CSV limit is one number: the import refuses past it with a message naming it, and Next makes room for it', async () => {
    expect(CSV_MAX_BYTES).toBe(CSV_IMPORT_MAX_BYTES);
    const nextConfig = ((await import(pathToFileURL(join(process.cwd(), 'next.config.js')).href)) as { default: NextConfig }).default;
    const serverActions = nextConfig.experimental?.serverActions;
    expect(serverActions?.bodySizeLimit).toBe(CONSOLE_BODY_MAX_BYTES);
    // A file at the limit plus the same again pasted, plus multipart framing, must reach the action.
    expect(CONSOLE_BODY_MAX_BYTES).toBeGreaterThanOrEqual(2 * CSV_MAX_BYTES + 100_000);
    expect(bodyLimitFor('/admin/subscribers')).toBe(CONSOLE_BODY_MAX_BYTES);
    const header = 'email,regions,components,time_zone\n';
    const rows = Array.from({ length: 10 }, (_, i) => `p${i}@example.com,all,all,UTC\n`).join('');
    const refusal = await importCsv({ actor: cliActor, csv: new Blob([header, rows, '\n'.repeat(CSV_MAX_BYTES)]) }).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'too_large', message: expect.stringContaining('the limit is 2 MB (2,000,000 bytes)') });
    // Counted in bytes: two-byte characters under the limit in characters but over it in bytes.
    const wide = await importCsv({ actor: cliActor, csv: `${header}${rows}${'é'.repeat(CSV_MAX_BYTES / 2 + 10)}` }).catch((e: unknown) => e);
    expect(wide).toMatchObject({ code: 'too_large' });
    // Positive control: 1.2 MB (past Next's default of 1 MB) and under the limit is imported.
    const ok = await importCsv({ actor: cliActor, csv: new Blob([header, rows, '\n'.repeat(1_200_000)]) });
    expect(ok.created).toBe(10);
  });
});

// Staff type titles and updates; a calendar client must never see a line break or control
// character that was not written by the calendar itself (RFC 5545 §3.1 and §3.3.11).
const HOSTILE_TITLE = `Cut\rover\nnow\r\nthen\u0000\u0007\u001b[31m\u007f\u0085\u2028\u2029 end; a,b \\ c\tt ${'é'.repeat(40)} ${'🔧'.repeat(20)}`;
const HOSTILE_BODY = `Line one\rLine two\u000bvertical\u000cfeed\u0008back\u001fus\nBEGIN:VEVENT\r\nSUMMARY:injected`;

/** What a calendar reads: unfold, then undo TEXT escaping. */
function unfold(ics: string): string[] {
  const out: string[] = [];
  for (const line of ics.split('\r\n')) {
    if (line.startsWith(' ') && out.length > 0) out[out.length - 1] += line.slice(1);
    else out.push(line);
  }
  return out;
}
const unescapeText = (v: string) => v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

describe.each(DATABASE_KINDS)('the iCalendar feed on %s', (kind) => {
  let t: TestDatabase;
  let ics = '';
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    const now = new Date('2026-11-25T09:00:00Z');
    await loadDemo({ actor: cliActor, now });
    const m = await t.handle.db.incident.findFirstOrThrow({ where: { kind: 'maintenance', scheduledFor: { not: null } } });
    // PostgreSQL text cannot hold NUL at all; SQLite can.
    const storable = (v: string) => (kind === 'postgresql' ? v.replace(/\u0000/g, '') : v);
    await t.handle.db.incident.update({ where: { id: m.id }, data: { title: storable(HOSTILE_TITLE) } });
    await t.handle.db.incidentUpdate.updateMany({ where: { incidentId: m.id }, data: { body: storable(HOSTILE_BODY) } });
    ics = lookup(buildSnapshot(await loadPublicModel(now), now), '/maintenance.ics', '')?.entry.body.toString('utf8') ?? '';
  });
  afterAll(async () => t?.drop());

  it('has only CRLF line ends, lines of at most 75 octets, and no control character', () => {
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n[^]*END:VCALENDAR\r\n$/);
    const lines = ics.slice(0, -2).split('\r\n');
    for (const line of lines) {
      expect(line).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/);
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    }
    // The injected component never became one: one VEVENT per maintenance, each closed.
    const unfolded = unfold(ics.slice(0, -2));
    expect(unfolded.filter((l) => l === 'BEGIN:VEVENT').length).toBe(unfolded.filter((l) => l === 'END:VEVENT').length);
    expect(unfolded.some((l) => l.startsWith('SUMMARY:injected'))).toBe(false);
  });

  it('keeps the text: line breaks as \\n, other controls gone, the rest intact', () => {
    const unfolded = unfold(ics.slice(0, -2));
    const summary = unfolded.find((l) => l.startsWith('SUMMARY:Cut'));
    expect(summary).toBeDefined();
    expect(unescapeText(summary!.slice('SUMMARY:'.length))).toBe(`Cut\nover\nnow\nthen[31m\n\n\n end; a,b \\ c\tt ${'é'.repeat(40)} ${'🔧'.repeat(20)}`);
    const description = unfolded.find((l) => l.startsWith('DESCRIPTION:Line one'));
    expect(description).toBeDefined();
    expect(unescapeText(description!.slice('DESCRIPTION:'.length))).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

// The same promises from a real `candor start` (needs a Next build, like public-cold-start): what
// Next itself would do with these is never reached, and the process's memory is read from /proc.
const BUILT = existsSync(join(process.cwd(), process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'));

describe('against a started `candor start`', () => {
  it('has a Next build to serve (npm test builds before the integration tests; alone, run `npm run build` first)', () => {
    expect(BUILT).toBe(true);
  });

  let t: TestDatabase;
  let child: ChildProcess;
  let port = 0;
  let output = '';
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    port = await freePort();
    const env = { ...process.env };
    for (const k of ['SMTP_URL', 'MAIL_FROM', 'CANDOR_WORKER', 'TRUSTED_PROXIES']) delete env[k];
    child = spawn(process.execPath, [join(process.cwd(), 'bin', 'candor.mjs'), 'start', '--no-build'], { env: { ...env, DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 90_000;
    while (!(await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`candor start did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);
  it('refuses to be framed on every page Next renders (each holds a form), the list read from app/', async () => {
    const pages = readdirSync(join(process.cwd(), 'app'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('page.tsx'))
      .map((f) => `/${f.replace(/(^|\/)page\.tsx$/, '').replace(/\([^)]*\)\/?/g, '').replace(/\[[^\]]+\]/g, 'probe')}`.replace(/\/$/, '') || '/');
    expect(pages).toEqual(expect.arrayContaining(['/setup', '/subscribe', '/admin', '/admin/sign-in']));
    for (const path of pages) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
    // Positive control: the embed widget is made to be framed and says nothing of the kind.
    const embed = await fetch(`http://127.0.0.1:${port}/embed`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('x-frame-options')).toBeNull();
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await t?.drop();
  });

  const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1] ?? 0);
  const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

  it.each([
    ['TRACE / HTTP/1.1', [405]],
    ['CONNECT 127.0.0.1:22 HTTP/1.1', [405]],
    ['GET * HTTP/1.1', [400]],
    ['OPTIONS * HTTP/1.1', [204]],
    ['PROPFIND /admin HTTP/1.1', [405]],
    ['GET /%zz HTTP/1.1', [400]],
    ['GET //evil.example/admin HTTP/1.1', [404]],
    ['GET http://evil.example/ HTTP/1.1', [200]],
    ['DELETE / HTTP/1.1', [405]],
    ['POST /api/v2/summary.json HTTP/1.1', [405]],
    ['PUT /feed.atom HTTP/1.1', [405]],
    ['GET /api/v1/incidents?page=1e309 HTTP/1.1', [401]],
    ['GET /admin/sign-in?next=%2F%5Cevil.example HTTP/1.1', [200]],
  ])('%s answers %j, never a 500', async (line, statuses) => {
    const answer = await rawExchange(port, `${line}\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`, 10_000);
    expect([line, statuses.includes(statusOf(answer)) ? 'expected' : answer.slice(0, 200)]).toEqual([line, 'expected']);
  });

  it('a 300 MB chunked body at /api/subscriptions: 413 near the limit, the process stays small', async () => {
    const before = rssOf(child.pid!);
    const socket = net.connect({ port, host: '127.0.0.1' });
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
    socket.on('error', () => undefined);
    const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    let closed = false;
    void gone.then(() => (closed = true));
    socket.write(`POST /api/subscriptions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const frame = Buffer.concat([Buffer.from('40000\r\n'), Buffer.alloc(0x40000, 0x20), Buffer.from('\r\n')]);
    let sent = 0;
    let peak = before;
    while (sent < 300 * 1024 * 1024 && !closed) {
      sent += 0x40000;
      if (!socket.write(frame)) await Promise.race([new Promise((r) => socket.once('drain', r)), gone]);
      peak = Math.max(peak, rssOf(child.pid!));
    }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(sent).toBeLessThan(32 * 1024 * 1024);
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
  }, 60_000);
});
