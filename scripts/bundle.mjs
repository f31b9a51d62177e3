// Bundles the `candor` command line (bin/main.ts and everything it imports) into dist/cli.mjs,
// and the scheduled backup's worker thread into dist/backup-thread.mjs beside it.
// Packages stay external; our TypeScript, including the generated Prisma clients, is compiled in.
// Each command's code is split into chunks beside them, loaded only when that command runs.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const emptyServerOnly = {
  name: 'server-only',
  setup(b) {
    b.onResolve({ filter: /^(server-only|client-only)$/ }, () => ({ path: 'server-only', namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {}', loader: 'js' }));
  },
};

const entryPoints = { cli: 'bin/main.ts', 'backup-thread': 'lib/server/backup/backup-thread-entry.ts' };

/** Bundles into dist/; `clean` also removes chunks the new bundle no longer uses (not while a `candor` may be loading them). */
export async function bundle({ clean = false } = {}) {
  const result = await build({
    write: false,
    absWorkingDir: root,
    entryPoints,
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    splitting: true,
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    tsconfig: 'tsconfig.json',
    plugins: [emptyServerOnly],
    banner: { js: "import { createRequire as __candorRequire } from 'node:module'; const require = __candorRequire(import.meta.url);" },
  });
  // Several `candor` processes may re-bundle at once: each writes aside and renames into place,
  // so none ever loads a half-written file; the chunks first, so an entry never names a missing one.
  mkdirSync(join(root, 'dist'), { recursive: true });
  const isChunk = (path) => !Object.keys(entryPoints).some((name) => basename(path).startsWith(`${name}.mjs`));
  const files = [...result.outputFiles].sort((a, b) => Number(isChunk(b.path)) - Number(isChunk(a.path)));
  for (const file of files) {
    const aside = `${file.path}.${process.pid}.tmp`;
    writeFileSync(aside, file.contents);
    renameSync(aside, file.path);
  }
  if (clean) {
    const kept = new Set(files.map((f) => basename(f.path)));
    for (const name of readdirSync(join(root, 'dist'))) if (isChunk(name) && !kept.has(name) && !name.endsWith('.tmp')) rmSync(join(root, 'dist', name), { force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle({ clean: true });
}
