import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// One fresh SQLite database per run, shared by the server and the tests (set before workers fork).
process.env.CANDOR_E2E_DIR ??= mkdtempSync(join(tmpdir(), 'candor-e2e-'));
const port = Number(process.env.CANDOR_E2E_PORT ?? 3100);
export const e2eDatabaseUrl = `file:${join(process.env.CANDOR_E2E_DIR, 'e2e.db')}`;
process.env.CANDOR_E2E_DATABASE_URL = e2eDatabaseUrl;
process.env.CANDOR_E2E_BASE_URL = `http://127.0.0.1:${port}`;
// The web server's whole log (JSON lines), searched for secrets by the last project (logs.check.ts).
process.env.CANDOR_E2E_SERVER_LOG = join(process.env.CANDOR_E2E_DIR, 'server.log');

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: process.env.CANDOR_E2E_OUTPUT ?? 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: process.env.CANDOR_E2E_JSON ?? 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/, use: { browserName: 'chromium' } },
    { name: 'chromium', testMatch: /.*\.spec\.ts/, dependencies: ['setup'], use: { browserName: 'chromium' } },
    { name: 'logs', testMatch: /logs\.check\.ts/, dependencies: ['chromium'] },
  ],
  webServer: {
    // exec: the signal at the end reaches Candor itself, which flushes its log before exiting.
    command: `exec node bin/candor.mjs start --no-build >> "${process.env.CANDOR_E2E_SERVER_LOG}" 2>&1`,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      ...(process.env as Record<string, string>),
      DATABASE_URL: e2eDatabaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
