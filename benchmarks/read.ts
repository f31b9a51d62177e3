// npm run bench:read [-- --seconds 10 --connections 100 --port 3290 --bare-port 3291 --no-build]
// Candor's public read path under a stampede, against a bare Node http server serving the same
// bytes: both on loopback, autocannon with `accept-encoding: gzip, br`, for /, a French page and the
// v2 summary, each server's 10 s in five slices taken in turn with the other's.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface AutocannonResult {
  requests: { average: number; total: number };
  /** Seconds the run took. */
  duration: number;
  latency: { p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
/** A run with skipAggregateResult (its histograms still encoded), for aggregateResult to merge. */
interface AutocannonRaw {
  duration: number;
}
type Autocannon = ((opts: Record<string, unknown>) => Promise<AutocannonResult>) & { aggregateResult(results: AutocannonRaw[], opts: Record<string, unknown>): AutocannonResult };
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const aggregateResult = autocannon.aggregateResult;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    port: { type: 'string', default: process.env.CANDOR_BENCH_PORT ?? '3290' },
    'bare-port': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const CANDOR_PORT = Number(values.port);
const BARE_PORT = Number(values['bare-port'] ?? CANDOR_PORT + 1);
// A French page too (issue 16): every language is prebuilt, so it is served like any other.
const PATHS = ['/', '/?lang=fr-CA', '/api/v2/summary.json'];
const HEADERS = { 'accept-encoding': 'gzip, br' };
const TARGETS = { ratio: 0.7, p99: 20 };

const dir = mkdtempSync(join(tmpdir(), 'candor-bench-read-'));
const databaseUrl = `file:${join(dir, 'bench.db')}`;
const children: ChildProcess[] = [];
const cleanup = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const cliEnv = { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1' };
const cli = (args: string[]) => execFileSync('node', ['bin/candor.mjs', ...args], { env: cliEnv, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

async function waitFor(url: string, ms: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Candor exited with code ${child.exitCode}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/** CPU time (user + system, every thread) a process has used, in microseconds, from /proc (Linux). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime) in clock ticks; the slice above starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface Measured {
  requests: number;
  seconds: number;
  cpuMicros: number;
  errors: number;
  /** Over every request of every slice (autocannon merges the slices' latency histograms). */
  p99: number;
}

/**
 * Candor and the bare server measured on one path in alternating slices (Candor first in odd
 * slices, bare first in even ones), each server's slices summed: on a shared two-core machine
 * whose speed drifts by a third within a minute, one long run of each compared two different
 * machines. CPU time per request comes from /proc, and is less disturbed by other load still.
 */
async function measure(path: string): Promise<{ candor: Measured; bare: Measured }> {
  const servers = { candor: { url: `http://127.0.0.1:${CANDOR_PORT}${path}`, pid: candor.pid! }, bare: { url: `http://127.0.0.1:${BARE_PORT}${path}`, pid: bare.pid! } };
  for (const s of Object.values(servers)) await autocannon({ url: s.url, connections: CONNECTIONS, duration: 2, headers: HEADERS }); // warm-up
  const raw = { candor: [] as AutocannonRaw[], bare: [] as AutocannonRaw[] };
  const cpu = { candor: 0, bare: 0 };
  for (let slice = 0; slice < SLICES; slice++) {
    for (const who of slice % 2 === 0 ? (['candor', 'bare'] as const) : (['bare', 'candor'] as const)) {
      const before = cpuMicros(servers[who].pid);
      raw[who].push((await autocannon({ url: servers[who].url, connections: CONNECTIONS, duration: SECONDS / SLICES, headers: HEADERS, skipAggregateResult: true })) as unknown as AutocannonRaw);
      cpu[who] += cpuMicros(servers[who].pid) - before;
    }
  }
  const sum = (who: 'candor' | 'bare'): Measured => {
    const all = aggregateResult(raw[who], { url: servers[who].url, connections: CONNECTIONS });
    return { requests: all.requests.total, seconds: raw[who].reduce((t, r) => t + r.duration, 0), cpuMicros: cpu[who], errors: all.errors + all.timeouts + all.non2xx, p99: all.latency.p99 };
  };
  return { candor: sum('candor'), bare: sum('bare') };
}
const SLICES = 5;

console.log(`Preparing: SQLite demo database in ${dir}`);
cli(['migrate']);
cli(['seed', 'demo']);
const candor = spawn('node', ['bin/candor.mjs', 'start', ...(values['no-build'] ? ['--no-build'] : [])], {
  // No delivery worker and no scheduled backup: the first backup runs a minute after start, a second
  // of CPU in a thread that landed in the third measured run and doubled its p99 on two cores.
  env: { ...cliEnv, PORT: String(CANDOR_PORT), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${CANDOR_PORT}`, CANDOR_WORKER: 'off', BACKUP_INTERVAL: 'off' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
children.push(candor);
await waitFor(`http://127.0.0.1:${CANDOR_PORT}/api/health`, 600_000, candor);
// The snapshot is built at start; give the first rebuild after seeding time to land.
await new Promise((r) => setTimeout(r, 1_500));

// The bare server gets Candor's exact bytes and headers (minus per-request ones).
const routes = [];
for (const path of PATHS) {
  // node:http, not fetch: the bytes must stay compressed exactly as Candor sent them.
  const { status, headers: raw, body } = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http.get(`http://127.0.0.1:${CANDOR_PORT}${path}`, { headers: HEADERS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
  if (status !== 200) throw new Error(`${path} answered ${status}`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined && !['date', 'connection', 'keep-alive', 'transfer-encoding', 'x-candor-snapshot-age'].includes(k)) headers[k] = String(v);
  }
  headers['content-length'] = String(body.length);
  routes.push({ path, headers, body: body.toString('base64') });
  console.log(`${path}: ${body.length} bytes, content-encoding ${headers['content-encoding'] ?? 'identity'}`);
}
const routesFile = join(dir, 'routes.json');
writeFileSync(routesFile, JSON.stringify(routes));
const bare = fork(join(import.meta.dirname, 'read-bare-server.mjs'), [routesFile, String(BARE_PORT)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
children.push(bare);
await new Promise<void>((resolve, reject) => {
  bare.once('message', () => resolve());
  bare.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
});

let ok = true;
console.log(`\nautocannon: ${CONNECTIONS} connections, ${SECONDS} s per server and path in ${SLICES} alternating slices (after 2 s warm-up each), accept-encoding: gzip, br\n`);
for (const path of PATHS) {
  const { candor: c, bare: b } = await measure(path);
  const rps = (m: Measured) => m.requests / m.seconds;
  const cpu = (m: Measured) => m.cpuMicros / m.requests;
  const ratio = rps(c) / rps(b);
  const pass = ratio >= TARGETS.ratio && c.p99 < TARGETS.p99 && c.errors === 0;
  ok &&= pass;
  console.log(`${path}`);
  const line = (name: string, m: Measured) =>
    `  ${name.padEnd(10)} ${rps(m).toFixed(0).padStart(7)} req/s   p99 ${String(m.p99).padStart(3)} ms   errors ${m.errors}   CPU ${cpu(m).toFixed(1).padStart(5)} µs/req`;
  console.log(line('candor', c));
  console.log(line('bare node', b));
  console.log(`  CPU per request: candor ${(cpu(c) / cpu(b)).toFixed(2)}× bare (bare/candor ${(cpu(b) / cpu(c)).toFixed(2)}, less disturbed by other load than the req/s ratio)`);
  console.log(`  ratio ${ratio.toFixed(2)} (target >= ${TARGETS.ratio}), p99 target < ${TARGETS.p99} ms, zero errors: ${pass ? 'PASS' : 'FAIL'}\n`);
}
console.log(ok ? 'All targets met.' : 'Some targets were missed.');
cleanup();
process.exit(ok ? 0 : 1);
