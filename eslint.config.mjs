import coreWebVitals from 'eslint-config-next/core-web-vitals';
import typescript from 'eslint-config-next/typescript';

const config = [
  { ignores: ['node_modules/**', '.next/**', '.next-*/**', 'dist/**', 'data/**', 'lib/generated/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  ...coreWebVitals,
  ...typescript,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
    },
  },
  {
    // Thin routes: app/ talks to services in lib/server, never to Prisma directly.
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/lib/generated/*/client', '@prisma/client', '@prisma/*'], message: 'Call a service in lib/server instead of Prisma from app/.' },
            { group: ['@/lib/server/db'], message: 'Call a service in lib/server instead of the database from app/.' },
          ],
        },
      ],
    },
  },
  {
    // Logs go through lib/server/log/logger.ts (levels, JSON lines, masking), never the console.
    files: ['lib/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', 'bin/**/*.{ts,mjs}'],
    rules: { 'no-console': 'error' },
  },
  {
    // These print a command's result for the person who ran it (usage, errors, a table, a one-time
    // password, a token): plain output, not log lines. `candor start` and `candor worker` log.
    files: ['bin/candor.mjs', 'bin/main.ts', 'bin/commands/doctor.ts', 'bin/commands/migrate.ts', 'bin/commands/seed.ts', 'bin/commands/users-create.ts', 'bin/commands/users-reset-password.ts', 'bin/commands/users-reset-totp.ts', 'bin/commands/tokens-create.ts', 'bin/commands/backup.ts', 'bin/commands/restore.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The domain layer is pure: no framework, no database, no I/O.
    files: ['lib/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['next', 'next/*', '@prisma/*', '@/lib/server/*', '@/lib/generated/*', 'node:*', 'fs', 'http'], message: 'lib/domain is pure: pass data and the clock in.' }] }],
    },
  },
];

export default config;
