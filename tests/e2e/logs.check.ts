import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { maskEmail } from '@/lib/server/log/mask';
import * as fixtures from './fixtures';

// Runs after every other spec (the "logs" project depends on "chromium"): the web server's log of
// the whole run must hold none of the secrets the run used. They are taken from where they live:
// the fixtures' staff, every address in the e2e database, every token in the mail it kept.

const logFile = () => {
  const file = process.env.CANDOR_E2E_SERVER_LOG;
  if (!file) throw new Error('CANDOR_E2E_SERVER_LOG is set by playwright.config.ts');
  return file;
};

const staff: { email: string; password: string }[] = Object.values(fixtures).flatMap((v) => (typeof v === 'object' && 'password' in v ? [v] : []));

function keptMail(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '='));
}

test('the web server log of the whole run holds no password, token or whole address', async () => {
  const databaseFile = fixtures.e2eDatabaseUrl().replace(/^file:/, '');
  const db = new Database(databaseFile, { readonly: true });
  const addresses = [...(db.prepare('SELECT email FROM "User"').all() as { email: string }[]), ...(db.prepare('SELECT email FROM "Subscriber"').all() as { email: string }[])].map((r) => r.email.toLowerCase());
  db.close();
  const tokens = keptMail(join(dirname(databaseFile), 'mailbox')).flatMap((text) => [...text.matchAll(/\/(?:u|manage|confirm|admin\/password-reset)\/([A-Za-z0-9_.~-]{20,})/g)].map((m) => m[1]!));

  const log = readFileSync(logFile(), 'utf8');
  const lines = log.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

  // Positive control: the run is in this log, by route pattern, and the staff addresses that were mailed appear masked.
  expect(staff.length).toBeGreaterThanOrEqual(3);
  expect(addresses).toEqual(expect.arrayContaining(staff.map((s) => s.email)));
  expect(tokens.length).toBeGreaterThan(0);
  expect(lines.filter((l) => l.msg === 'request').length).toBeGreaterThan(100);
  expect(lines.some((l) => l.msg === 'request' && l.route === '/admin/sign-in' && l.method === 'POST')).toBe(true);
  expect(lines.some((l) => l.msg === 'request' && l.route === '/confirm/:token')).toBe(true);
  expect(log).toContain(maskEmail(fixtures.E2E_ADMIN.email));

  const lower = log.toLowerCase();
  for (const s of staff) expect(log.includes(s.password), `password of ${s.email}`).toBe(false);
  for (const address of addresses) expect(lower.includes(address), address).toBe(false);
  for (const token of tokens) expect(log.includes(token), `token ${token.slice(0, 6)}…`).toBe(false);
});
