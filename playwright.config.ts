import { defineConfig } from '@playwright/test';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

// Candor servers, each with a fresh SQLite database of its own, and one browser worker per server:
// the spec files are split between them (below), so no two files ever share a server at the same
// time and each server sees its files in their usual order. Set before workers fork.
process.env.CANDOR_E2E_DIR ??= mkdtempSync(join(tmpdir(), 'candor-e2e-'));
// A run takes six ports from CANDOR_E2E_PORT: up to four servers, then public-instances.spec.ts's two instances.
const port = Number(process.env.CANDOR_E2E_PORT ?? 3100);
/** What a spec needs to know about its server (read through tests/e2e/fixtures.ts). */
export interface E2eServer {
  index: number;
  baseUrl: string;
  databaseUrl: string;
  /** The web server's whole log (JSON lines), searched for secrets by the "logs" projects (logs.check.ts). */
  log: string;
}
/**
 * Four servers on a machine of four cores or more, each with its own browser worker and its own
 * share of the specs, chosen so the four take about as long (file times from test-results/e2e.json):
 * the public side in two halves, the console in two. Each half keeps its files in their usual
 * order, and each has a spec that signs in and one that mails a subscriber (what logs.check.ts
 * looks for in every server's log). On fewer cores, two (public side, console): four browsers and
 * four servers on two cores took 12 minutes with three specs past their time limits (load average
 * over 20), where two took 9.9 minutes with none. Once a snapshot rebuild took seconds on a loaded
 * machine, and the timing checks (a change seen on another instance within 2 s) missed; rebuilds now
 * take milliseconds. CANDOR_E2E_SERVERS=1, 2 or 4 chooses.
 */
const SERVER_COUNT = ({ '1': 1, '2': 2, '4': 4 } as Record<string, number>)[process.env.CANDOR_E2E_SERVERS ?? ''] ?? (availableParallelism() >= 4 ? 4 : 2);
const SERVERS: E2eServer[] = Array.from({ length: SERVER_COUNT }, (_, index) => {
  const dir = join(process.env.CANDOR_E2E_DIR!, `server-${index}`);
  mkdirSync(dir, { recursive: true });
  return { index, baseUrl: `http://127.0.0.1:${port + index}`, databaseUrl: `file:${join(dir, 'e2e.db')}`, log: join(dir, 'server.log') };
});
/**
 * Which server's browser worker runs a spec. The public pages and subscribing go to the first
 * server(s), the console to the rest; a new spec file lands on the last server unless its name says
 * it is about the public side.
 */
const PUBLIC_SIDE = /(^|\/)(public-|notify-|sms-|sidekick-|smoke\.)[^/]*spec\.ts$/;
const PUBLIC_FIRST_HALF = /(^|\/)(notify-subscribe|public-instances|public-pages)\.spec\.ts$/;
const CONSOLE_FIRST_HALF = /(^|\/)(fresh-screens|console-(account|extras|form-shots|csv-limits))\.spec\.ts$/;
const SPECS = /\.spec\.ts$/;
const SHARES: { testMatch: RegExp; testIgnore: RegExp[] }[] = {
  1: [{ testMatch: SPECS, testIgnore: [] }],
  2: [
    { testMatch: PUBLIC_SIDE, testIgnore: [] },
    { testMatch: SPECS, testIgnore: [PUBLIC_SIDE] },
  ],
  4: [
    { testMatch: PUBLIC_FIRST_HALF, testIgnore: [] },
    { testMatch: PUBLIC_SIDE, testIgnore: [PUBLIC_FIRST_HALF] },
    { testMatch: CONSOLE_FIRST_HALF, testIgnore: [] },
    { testMatch: SPECS, testIgnore: [PUBLIC_SIDE, CONSOLE_FIRST_HALF] },
  ],
}[SERVER_COUNT]!;
const browser = { browserName: 'chromium' as const };

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: process.env.CANDOR_E2E_OUTPUT ?? 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: SERVERS.length,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: process.env.CANDOR_E2E_JSON ?? 'test-results/e2e.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
  },
  // Per server: the first run (admin and demo), then its share of the specs one file at a time
  // (`metadata.server` tells a spec which server it is on). Last, the check of every server's log.
  projects: [
    ...SERVERS.flatMap((server) => {
      const use = { ...browser, baseURL: server.baseUrl };
      const metadata = { server };
      const n = server.index;
      return [
        { name: `setup-${n}`, testMatch: /.*\.setup\.ts/, workers: 1, use, metadata },
        {
          name: `chromium-${n}`,
          ...SHARES[n]!,
          dependencies: [`setup-${n}`],
          workers: 1,
          use,
          metadata,
        },
      ];
    }),
    { name: 'logs', testMatch: /logs\.check\.ts/, dependencies: SERVERS.map((s) => `chromium-${s.index}`), metadata: { servers: SERVERS } },
  ],
  webServer: SERVERS.map((server) => ({
    // exec: the signal at the end reaches Candor itself, which flushes its log before exiting.
    command: `exec node bin/candor.mjs start --no-build >> "${server.log}" 2>&1`,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 20_000 },
    url: `${server.baseUrl}/api/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    env: {
      ...(process.env as Record<string, string>),
      DATABASE_URL: server.databaseUrl,
      PORT: String(port + server.index),
      HOST: '127.0.0.1',
      PUBLIC_URL: server.baseUrl,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  })),
});
