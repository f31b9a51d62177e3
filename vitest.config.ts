import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
/**
 * Integration files that measure time or throughput, or load the machine for minutes (a notice to
 * 22,500 addresses, 150,000-row backups). They run one at a time after the others, so that neither
 * they nor their neighbours are measured on a starved CPU.
 */
export const SERIAL_INTEGRATION = ['tests/integration/crash.test.ts', 'tests/integration/shaping.test.ts', 'tests/integration/backup-memory.test.ts', 'tests/integration/backup-stall.test.ts', 'tests/integration/public-refresh.test.ts'];

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
          exclude: SERIAL_INTEGRATION,
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
