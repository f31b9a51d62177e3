import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from '@/tests/integration/notify-fixtures';

// A real `candor worker` process for the crash tests: started against a test database and a sink,
// returned once it says it is running (it migrates first, and SQLite has one writer).

const logs = new WeakMap<ChildProcess, () => string>();

/** What a worker started here has written to its standard output so far. */
export function workerLog(child: ChildProcess): string {
  return logs.get(child)?.() ?? '';
}

export async function startWorkerProcess(url: string, smtp: string, concurrency: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/candor.mjs', 'worker', '--concurrency', String(concurrency), '--domain-rate', '0', '--reclaim-after', '2'], {
    env: { ...process.env, DATABASE_URL: url, SMTP_URL: smtp, PUBLIC_URL: 'https://status.example.net', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  logs.set(child, () => out);
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[worker] ${d.toString()}`));
  await waitFor('the worker to run', () => {
    if (child.exitCode !== null) throw new Error(`candor worker exited with ${child.exitCode}:\n${out}`);
    return / running on /.test(out);
  }, 30_000);
  return child;
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
