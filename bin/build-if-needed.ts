import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CliError } from './command';
// @ts-expect-error plain .mjs helper without types
import { newestMtime, mtimeOf, WEB_SOURCES } from '../scripts/freshness.mjs';

/** Runs `next build` when there is no build yet or a source is newer than it. */
export function buildIfNeeded(root: string, log: (line: string) => void): void {
  const built = (mtimeOf as (p: string) => number)(join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'));
  if (built > 0 && built >= (newestMtime as (r: string, p: string[]) => number)(root, WEB_SOURCES as string[])) return;
  log(built === 0 ? 'Building Candor for the first time (about a minute)...' : 'Sources changed since the last build; rebuilding...');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new CliError('the build failed (see the output above)');
}
