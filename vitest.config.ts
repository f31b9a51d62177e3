import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
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
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Files share PostgreSQL and the CPU; two at a time keeps the suite quick and steady.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
    ],
  },
});
