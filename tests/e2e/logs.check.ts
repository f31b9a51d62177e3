import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { maskEmail } from '@/lib/server/log/mask';
import { sqliteFilePath } from '@/lib/server/sqlite-path';
import type { E2eServer } from '../../playwright.config';
import * as fixtures from './fixtures';

// Runs after every other spec (the "logs" project depends on the others): the web servers' logs of
// the whole run must hold none of the secrets the run used. They are taken from where they live:
// the fixtures' staff, every address in each server's database, every token in the mail it kept.

const servers = () => (test.info().project.metadata as { servers: E2eServer[] }).servers;

const staff: { email: string; password: string }[] = Object.values(fixtures).flatMap((v) => (typeof v === 'object' && 'password' in v ? [v] : []));

function keptMail(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '='));
}

test('the web servers\' logs of the whole run hold no password, token or whole address', async () => {
  const read = servers().map((server) => {
    const databaseFile = sqliteFilePath(server.databaseUrl);
    const db = new Database(databaseFile, { readonly: true });
    const addresses = [...(db.prepare('SELECT email FROM "User"').all() as { email: string }[]), ...(db.prepare('SELECT email FROM "Subscriber"').all() as { email: string }[])].map((r) => r.email.toLowerCase());
    db.close();
    const tokens = keptMail(join(dirname(databaseFile), 'mailbox')).flatMap((text) => [...text.matchAll(/\/(?:u|manage|confirm|admin\/password-reset)\/([A-Za-z0-9_.~-]{20,})/g)].map((m) => m[1]!));
    const log = readFileSync(server.log, 'utf8');
    const lines = log.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    return { server, addresses, tokens, log, lines };
  });
  expect(read.length).toBeGreaterThan(0);

  // Positive control: the run is in these logs, by route pattern, and the staff addresses that were mailed appear masked.
  expect(staff.length).toBeGreaterThanOrEqual(3);
  expect(read.flatMap((r) => r.addresses)).toEqual(expect.arrayContaining(staff.map((s) => s.email)));
  expect(read.flatMap((r) => r.tokens).length).toBeGreaterThan(0);
  expect(read.some((r) => r.lines.some((l) => l.msg === 'request' && l.route === '/confirm/:token'))).toBe(true);
  // The admin's address is mailed on whichever server runs the public side's specs; each server logs
  // some address of its own database, masked.
  expect(read.some((r) => r.log.includes(maskEmail(fixtures.E2E_ADMIN.email)))).toBe(true);
  for (const { server, lines, log, addresses } of read) {
    expect(lines.filter((l) => l.msg === 'request').length, server.baseUrl).toBeGreaterThan(100);
    expect(lines.some((l) => l.msg === 'request' && l.route === '/admin/sign-in' && l.method === 'POST'), server.baseUrl).toBe(true);
    expect(addresses.some((address) => log.includes(maskEmail(address))), server.baseUrl).toBe(true);
  }

  // One expect per server: each Playwright expect is a reported step, and 9,000 of them (a token per
  // mail kept) took 18-40 s of the run's last minute.
  for (const { server, addresses, tokens, log } of read) {
    const lower = log.toLowerCase();
    const found = [
      ...staff.filter((s) => log.includes(s.password)).map((s) => `password of ${s.email}`),
      ...addresses.filter((address) => lower.includes(address)),
      ...tokens.filter((token) => log.includes(token)).map((token) => `token ${token.slice(0, 6)}…`),
    ];
    expect(found, server.baseUrl).toEqual([]);
  }
});
