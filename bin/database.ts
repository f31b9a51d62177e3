import { CliError } from './command';
import { env, redact } from '@/lib/server/env';
import { ensureMigrated } from '@/lib/server/doctor/migration-state';

/**
 * For commands that write: the database must be reachable and migrated. Migrates a fresh
 * database first, so `candor users create` works before the first `candor start`.
 */
export async function prepareDatabase(): Promise<void> {
  const { databaseUrl } = env();
  try {
    await ensureMigrated(databaseUrl);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new CliError(`DATABASE_URL ${redact(databaseUrl)}: ${message} (run \`candor doctor\` for details)`);
  }
}
