// npm run bench:sms [-- --n 10000 --window 10 --concurrency 64 --rounds 5 --warmup 10000]
// Sends N text messages to a loopback SMSC (the `smpp` package's server side, in this process)
// through Candor's SMS sender, and the same messages through a bare `smpp` client keeping the same
// window of submit_sm outstanding; each client in its own process. Each round runs both back to
// back (the order alternating), so a neighbour's load falls on both; the verdict is the median of
// the rounds' ratios. Target: Candor >= 0.8x bare.
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSmsc } from '../tests/helpers/smsc';

const { values } = parseArgs({ options: { n: { type: 'string', default: '10000' }, window: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '64' }, rounds: { type: 'string', default: '5' }, warmup: { type: 'string', default: '10000' } } });
const N = Number(values.n);
const WINDOW = Number(values.window);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);
if (![N, WINDOW, CONCURRENCY, ROUNDS].every((v) => Number.isInteger(v) && v > 0) || !(Number.isInteger(WARMUP) && WARMUP >= 0)) throw new Error('--n, --window, --concurrency and --rounds must be positive integers, --warmup 0 or more');
const TARGET = 0.8;

async function run(mode: 'bare' | 'candor'): Promise<{ rate: number; cpuUsPerMsg: number }> {
  const smsc = await startSmsc({ countOnly: true });
  try {
    const url = smsc.url(undefined, undefined, `window=${WINDOW}`);
    const result = await new Promise<{ ms: number; accepted: number; cpuMs: number }>((resolve, reject) => {
      const child = fork(fileURLToPath(new URL('./sms.client.ts', import.meta.url)), [mode, url, String(N), String(CONCURRENCY), String(WARMUP)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.on('message', (m: { type: string; ms: number; accepted: number; cpuMs: number }) => m.type === 'done' && resolve(m));
      child.on('exit', (code) => code !== 0 && reject(new Error(`${mode} client exited with ${code}`)));
    });
    if (result.accepted !== N || smsc.submits !== WARMUP + N) throw new Error(`${mode}: ${result.accepted} accepted, ${smsc.submits} submitted, expected ${N} after ${WARMUP} to warm up`);
    return { rate: (N / result.ms) * 1000, cpuUsPerMsg: (result.cpuMs * 1000) / N };
  } finally {
    await smsc.stop();
  }
}

console.log(`SMS bench: ${N} messages (one GSM-7 segment each, after ${WARMUP} to warm up), window ${WINDOW}, Candor fed by ${CONCURRENCY} callers, loopback SMSC; load average ${loadavg()[0]!.toFixed(1)}`);
const rates = { bare: [] as number[], candor: [] as number[] };
const cpu = { bare: [] as number[], candor: [] as number[] };
const ratios: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const mode of round % 2 ? (['bare', 'candor'] as const) : (['candor', 'bare'] as const)) {
    const r = await run(mode);
    rates[mode].push(r.rate);
    cpu[mode].push(r.cpuUsPerMsg);
  }
  ratios.push(rates.candor.at(-1)! / rates.bare.at(-1)!);
  const line = (mode: 'bare' | 'candor') => `${rates[mode].at(-1)!.toFixed(0).padStart(6)} msg/s (${cpu[mode].at(-1)!.toFixed(0)} µs CPU/msg)`;
  console.log(`  round ${round}  bare smpp client ${line('bare')}   candor sender ${line('candor')}   ratio ${ratios.at(-1)!.toFixed(2)}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const ratio = median(ratios);
console.log(`\nmedian of ${ROUNDS} rounds: bare ${median(rates.bare).toFixed(0)} msg/s (${median(cpu.bare).toFixed(0)} µs CPU/msg), candor ${median(rates.candor).toFixed(0)} msg/s (${median(cpu.candor).toFixed(0)} µs CPU/msg)`);
console.log(`ratio ${ratio.toFixed(2)} (median of the rounds' ratios; target >= ${TARGET}): ${ratio >= TARGET ? 'PASS' : 'FAIL'}`);
process.exitCode = ratio >= TARGET ? 0 : 1;
