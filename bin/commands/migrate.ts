import type { Command } from '../command';
import { CliError } from '../command';

export const migrateCommand: Command = {
  path: ['migrate'],
  summary: 'Apply database migrations (npm start does this by itself)',
  help: `Usage: candor migrate

Applies pending migrations to the database named by DATABASE_URL
(default file:<CANDOR_DATA_DIR>/candor.db, that is ./data/candor.db). Safe to run while other instances start:
PostgreSQL runs are serialised by an advisory lock.`,
  async run() {
    // Loaded when the command runs: `candor --help` and the other commands do not compile it.
    const [{ env, redact }, { migrateDatabase, MigrationError }] = await Promise.all([import('@/lib/server/env'), import('@/lib/server/migrate')]);
    const { databaseUrl } = env();
    try {
      const result = await migrateDatabase(databaseUrl);
      console.log(
        result.applied.length > 0
          ? `Applied ${result.applied.length} migration(s) to ${redact(databaseUrl)}: ${result.applied.join(', ')}`
          : `Database ${redact(databaseUrl)} is up to date (${result.total} migration(s)).`,
      );
    } catch (error) {
      if (error instanceof MigrationError) throw new CliError(`${redact(databaseUrl)}: ${error.message}`);
      throw error;
    }
  },
};
