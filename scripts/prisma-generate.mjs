// Writes one schema per provider from prisma/schema.prisma and generates both clients.
// The Prisma CLI wants to download a schema engine before generating; an empty stand-in file
// satisfies it offline (generate never runs it). See README "Migrations".
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PROVIDERS = ['sqlite', 'postgresql'];

export function splitSchema() {
  const source = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8');
  for (const provider of PROVIDERS) {
    const text = source
      .replace('provider = "PROVIDER"', `provider = "${provider}"`)
      .replace('output   = "OUTPUT"', `output   = "../../lib/generated/${provider}"`);
    mkdirSync(join(root, 'prisma', provider), { recursive: true });
    writeFileSync(join(root, 'prisma', provider, 'schema.prisma'), text);
  }
}

export function generate() {
  splitSchema();
  const stand = join(tmpdir(), 'candor-schema-engine-standin');
  if (!existsSync(stand)) writeFileSync(stand, '');
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || stand, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
  for (const provider of PROVIDERS) {
    execFileSync(process.execPath, [join(root, 'node_modules/prisma/build/index.js'), 'generate', '--schema', `prisma/${provider}/schema.prisma`], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  generate();
  console.log('prisma: generated clients for', PROVIDERS.join(' and '));
}
