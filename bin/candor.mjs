#!/usr/bin/env node
// The `candor` command. Its TypeScript (bin/main.ts and what it imports) is bundled to
// dist/cli.mjs by `npm ci` and `npm run build`; it is re-bundled here when a source is newer.
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.mjs');
const { newestMtime, mtimeOf, CLI_SOURCES } = await import(pathToFileURL(join(root, 'scripts', 'freshness.mjs')).href);
if (mtimeOf(cli) < newestMtime(root, CLI_SOURCES)) {
  const { bundle } = await import(pathToFileURL(join(root, 'scripts', 'bundle.mjs')).href);
  await bundle();
}
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
const { main } = await import(pathToFileURL(cli).href);
const code = await main(process.argv.slice(2));
if (code !== undefined && code !== null && code !== 'running') process.exit(code);
