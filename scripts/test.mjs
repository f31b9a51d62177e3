// `npm test`: lint, type-check, unit, production build, integration (SQLite + PostgreSQL), end-to-end.
// Stops at the first failing step and closes with one "N passed, N failed" line over all tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR };
const bin = (name) => `node_modules/.bin/${name}`;
rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

// Lint and type-check only read the sources, and each keeps one core busy: they run side by side
// (their outputs printed whole, one after the other), then the rest one step at a time.
const together = [
  ['lint', bin('eslint'), ['.', '--max-warnings=0']],
  ['type-check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
];
const steps = [
  ['unit', bin('vitest'), ['run', '--project', 'unit', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json']],
  // Built before the integration tests: some of them run `candor start` on the production build.
  ['build', 'npm', ['run', 'build']],
  ['integration', bin('vitest'), ['run', '--project', 'integration', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/integration.json']],
  // The files that load the machine for minutes, two at a time beside each other only.
  ['integration, heavy files two at a time', bin('vitest'), ['run', '--project', 'integration-heavy', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/integration-heavy.json']],
  // The timing and throughput files, one at a time on a machine the other files no longer share.
  ['integration, one file at a time', bin('vitest'), ['run', '--project', 'integration-serial', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/integration-serial.json']],
  ['e2e', bin('playwright'), ['test']],
];

const counts = { passed: 0, failed: 0, skipped: 0 };
function addVitest(file) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  counts.passed += r.numPassedTests ?? 0;
  counts.failed += r.numFailedTests ?? 0;
  counts.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
// A test that passed only on its retry is a failing test: it counts as failed and is named.
function flakyTitles(suites, path = []) {
  const found = [];
  for (const suite of suites ?? []) {
    const here = suite.title ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? []) {
      if (spec.tests?.some((t) => t.status === 'flaky')) found.push([...here, spec.title].join(' › '));
    }
    found.push(...flakyTitles(suite.suites, here));
  }
  return found;
}
const flaky = [];
function addPlaywright(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const s = report.stats ?? {};
  counts.passed += s.expected ?? 0;
  counts.failed += (s.unexpected ?? 0) + (s.flaky ?? 0);
  counts.skipped += s.skipped ?? 0;
  flaky.push(...flakyTitles(report.suites));
}

let failedStep;
const started = Date.now();
/** Runs a step with its output kept, and resolves with its name, exit status, output and seconds. */
function runKept([name, cmd, args]) {
  const t = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => out.push(c));
    child.on('error', (error) => out.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (status) => resolve({ name, status, output: Buffer.concat(out), seconds: (Date.now() - t) / 1000 }));
  });
}
for (const r of await Promise.all(together.map(runKept))) {
  console.log(`\n=== ${r.name} ===`);
  process.stdout.write(r.output);
  console.log(`=== ${r.name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${r.seconds.toFixed(1)} s (beside ${together.filter(([n]) => n !== r.name).map(([n]) => n).join(', ')})`);
  if (r.status !== 0) failedStep ??= r.name;
}
for (const [name, cmd, args] of failedStep ? [] : steps) {
  const t = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    failedStep = name;
    break;
  }
}
addVitest('test-results/unit.json');
addVitest('test-results/integration.json');
addVitest('test-results/integration-heavy.json');
addVitest('test-results/integration-serial.json');
addPlaywright('test-results/e2e.json');
if (failedStep && counts.failed === 0) counts.failed = 1;
for (const title of flaky) console.log(`FLAKY (passed only on retry, counted as failed): ${title}`);
if (flaky.length > 0 && !failedStep) failedStep = 'e2e (flaky)';
console.log(`\nnpm test ${failedStep ? `failed at ${failedStep}` : 'finished'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
