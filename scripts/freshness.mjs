// Newest modification time under a set of paths, to decide whether a build is stale.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const skip = new Set(['node_modules', '.next', 'dist', 'data', 'test-results', 'playwright-report', '.git']);

export function newestMtime(root, paths) {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const entry of readdirSync(p)) if (!skip.has(entry)) visit(join(p, entry));
    } else if (st.mtimeMs > newest) newest = st.mtimeMs;
  };
  for (const p of paths) visit(join(root, p));
  return newest;
}

export function mtimeOf(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/** Sources that the command-line bundle (dist/cli.mjs) is made from. */
export const CLI_SOURCES = ['bin', 'lib', 'prisma/schema.prisma', 'prisma/seed', 'scripts/bundle.mjs'];
/** Sources that the Next build (.next) is made from. */
export const WEB_SOURCES = ['app', 'lib', 'public', 'prisma/seed', 'next.config.js', 'package.json', 'tsconfig.json', 'prisma/schema.prisma'];
