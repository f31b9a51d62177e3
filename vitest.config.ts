import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
/**
 * Integration files that measure time or throughput. They run one at a time after the others, so
 * that neither they nor their neighbours are measured on a starved CPU.
 */
export const SERIAL_INTEGRATION = ['tests/integration/shaping.test.ts', 'tests/integration/backup-stall.test.ts', 'tests/integration/public-refresh.test.ts'];
/**
 * Integration files that load the machine for minutes (notices to 22,500 addresses killed with -9,
 * 150,000-row backups under a capped heap) but measure no time: two at a time, beside each other
 * only, after the others and before the timed files.
 */
export const HEAVY_INTEGRATION = ['tests/integration/crash.sqlite.test.ts', 'tests/integration/crash.postgresql.test.ts', 'tests/integration/backup-memory.test.ts'];

const shared = {
  resolve: { alias: [{ find: /^@\//, replacement: `${root}/` }, { find: /^server-only$/, replacement: `${root}/tests/helpers/empty.ts` }] },
};

export default defineConfig({
  test: {
    projects: [
      { ...shared, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        ...shared,
        test: {
          name: 'integration',
          globalSetup: ['tests/helpers/template-databases.ts'],
          include: ['tests/integration/**/*.test.ts'],
          exclude: [...SERIAL_INTEGRATION, ...HEAVY_INTEGRATION],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Files share PostgreSQL and the CPU; two at a time keeps the suite quick and steady.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
      {
        ...shared,
        test: {
          name: 'integration-heavy',
          globalSetup: ['tests/helpers/template-databases.ts'],
          include: HEAVY_INTEGRATION,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
      {
        ...shared,
        test: {
          name: 'integration-serial',
          globalSetup: ['tests/helpers/template-databases.ts'],
          include: SERIAL_INTEGRATION,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
