// Bundles the `candor` command line (bin/main.ts and everything it imports) into dist/cli.mjs,
// and the scheduled backup's worker thread into dist/backup-thread.mjs beside it.
// Packages stay external; our TypeScript, including the generated Prisma clients, is compiled in.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const emptyServerOnly = {
  name: 'server-only',
  setup(b) {
    b.onResolve({ filter: /^(server-only|client-only)$/ }, () => ({ path: 'server-only', namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {}', loader: 'js' }));
  },
};

export async function bundle() {
  const result = await build({
    write: false,
    absWorkingDir: root,
    entryPoints: { cli: 'bin/main.ts', 'backup-thread': 'lib/server/backup/backup-thread-entry.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    tsconfig: 'tsconfig.json',
    plugins: [emptyServerOnly],
    banner: { js: "import { createRequire as __candorRequire } from 'node:module'; const require = __candorRequire(import.meta.url);" },
  });
  // Several `candor` processes may re-bundle at once: each writes aside and renames into place,
  // so none ever loads a half-written file.
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (const file of result.outputFiles) {
    const aside = `${file.path}.${process.pid}.tmp`;
    writeFileSync(aside, file.contents);
    renameSync(aside, file.path);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle();
}
