#!/usr/bin/env node
// The `candor` command. Its TypeScript (bin/main.ts and what it imports) is bundled to
// dist/cli.mjs (and the scheduled backup's thread to dist/backup-thread.mjs) by `npm ci` and
// `npm run build`; they are re-bundled here when a source is newer or one is missing.
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, Worker, workerData } from 'node:worker_threads';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.mjs');
const { newestMtime, mtimeOf, CLI_SOURCES } = await import(pathToFileURL(join(root, 'scripts', 'freshness.mjs')).href);
if (isMainThread && Math.min(mtimeOf(cli), mtimeOf(join(root, 'dist', 'backup-thread.mjs'))) < newestMtime(root, CLI_SOURCES)) {
  const { bundle } = await import(pathToFileURL(join(root, 'scripts', 'bundle.mjs')).href);
  await bundle();
}
const argv = isMainThread ? process.argv.slice(2) : workerData.argv;
// Paths typed on the command line (backup files) are taken from where the command was run.
if (isMainThread) {
  process.env.CANDOR_INVOKED_FROM ??= process.cwd();
  process.chdir(root);
}
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
// As `next start` does: packages read NODE_ENV when first loaded (React's JSX runtime, which
// renders the public snapshot, is several times slower in its development build).
process.env.NODE_ENV ??= 'production';

// `candor worker` allocates mail fast, and an unconstrained V8 grows its old space with the
// allocation rate (~380 MB RSS) although its live data is small and constant. Unless the operator
// chose a heap size (NODE_OPTIONS or node's --max-old-space-size, or CANDOR_WORKER_HEAP_MB; 0 =
// V8's default), the command runs in a thread of this same process with its old space capped.
// One process: kill -9 still stops every send at once; SIGINT/SIGTERM are passed to the thread.
const heapMb = isMainThread && argv[0] === 'worker' && !argv.includes('--help') && !argv.includes('-h') ? workerHeapMb() : 0;
if (heapMb > 0) {
  const thread = new Worker(new URL(import.meta.url), { argv: process.argv.slice(2), workerData: { argv }, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  const forward = (signal) => thread.postMessage(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  thread.on('error', (error) => console.error(`candor worker: ${error.message}`));
  thread.on('exit', (code) => process.exit(code));
} else {
  const { main } = await import(pathToFileURL(cli).href);
  const code = await main(argv);
  if (code !== undefined && code !== null && code !== 'running') process.exit(code);
}

function workerHeapMb() {
  if (/--max-old-space-size/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)) return 0;
  const raw = process.env.CANDOR_WORKER_HEAP_MB;
  if (raw === undefined || raw === '') return 128;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`CANDOR_WORKER_HEAP_MB must be a number of megabytes (0 = V8's default), got "${raw}"`);
    process.exit(2);
  }
  return Math.floor(n);
}
