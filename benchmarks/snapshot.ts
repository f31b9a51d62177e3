// npm run bench:snapshot [-- --rounds 10]
// The public snapshot's rebuild on the demo database (SQLite, loaded by `candor seed demo`): what a
// rebuild costs now (read the model, derive, prepare every address; pages render on first request)
// against the baseline of the same run, rendering and compressing every entry as a rebuild did
// before pages rendered on demand. Also the first request's rendering of the heaviest pages.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' } } });
const ROUNDS = Number(values.rounds);
const dir = mkdtempSync(join(tmpdir(), 'candor-bench-snapshot-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
process.env.DATABASE_URL = `file:${join(dir, 'bench.db')}`;
Object.assign(process.env, { NODE_ENV: 'production' });
execFileSync('node', ['bin/candor.mjs', 'seed', 'demo'], { env: process.env, stdio: ['ignore', 'ignore', 'inherit'] });

const { loadPublicModel } = await import('@/lib/server/public/load-public-model');
const { buildSnapshot } = await import('@/lib/server/public/snapshot');
const { closeDb } = await import('@/lib/server/db');

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Median CPU milliseconds of `fn` over ROUNDS rounds, after three warm-up rounds. */
function measure(fn: (round: number) => void): number {
  for (let k = -3; k < 0; k++) fn(k);
  const times: number[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    const before = cpuMs();
    fn(k);
    times.push(cpuMs() - before);
  }
  return median(times);
}

const base = await loadPublicModel(new Date());
const loads: number[] = [];
for (let k = 0; k < ROUNDS; k++) {
  const before = cpuMs();
  await loadPublicModel(new Date());
  loads.push(cpuMs() - before);
}
const at = (k: number) => new Date(Date.now() + k * 1000);
const sample = buildSnapshot(base, new Date());
const unique = new Set(sample.entries.values());
const prepare = measure((k) => void buildSnapshot(base, at(k)));
const renderAll = measure((k) => {
  for (const e of new Set(buildSnapshot(base, at(k)).entries.values())) void [e.gzip, e.br];
});
const firstRequest = (path: string) => measure((k) => void buildSnapshot(base, at(k)).entries.get(path)!.br);
const bytes = [...unique].reduce((n, e) => n + e.body.length, 0);

console.log(`demo snapshot: ${sample.entries.size} addresses, ${unique.size} distinct bodies, ${(bytes / 1e6).toFixed(2)} MB before compression`);
console.log(`median CPU of ${ROUNDS} rounds (after three warm-up rounds), load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}:`);
console.log(`  read the model from the database:             ${median(loads).toFixed(1)} ms`);
console.log(`  rebuild now (derive, prepare every address):  ${prepare.toFixed(1)} ms`);
console.log(`  baseline: render and compress every entry:    ${renderAll.toFixed(1)} ms   (${(renderAll / prepare).toFixed(0)}x the rebuild)`);
for (const path of ['/', '/regions/tmobile-us', '/history', '/history?lang=de-DE', '/api/v2/summary.json'])
  console.log(`  first request after a rebuild, ${path.padEnd(22)} ${firstRequest(path).toFixed(1)} ms (prepare + render + brotli)`);
await closeDb();
