import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { spawnCandor } from './cli';

/** Whether there is a Next build for `candor start --no-build` to serve (npm test builds first; alone, run `npm run build`). */
export const BUILT = existsSync(join(process.cwd(), process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'));

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (for a `candor start` a test spawns). Picked below
 * the system's ephemeral range (32768-60999 on Linux): a port the system hands out for `listen(0)` or an
 * outgoing connection (the spawned process's own mail sink, a test's relay, a database client) cannot
 * then take it between this check and the spawned process's listen, which once failed a CI run.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = net.createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }
  }
}

/** Whether a new TCP connection to 127.0.0.1:`port` is refused (the listener is closed). */
export const connectionRefused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });

/** A spawned `candor` process as the polling helper sees it. */
export interface SpawnedCandor {
  child: { exitCode: number | null };
  output(): string;
}

/** Polls `check` (a failed request counts as not yet); gives up at the deadline or when `instance` exits. */
export async function until<T>(what: string, check: () => Promise<T | false | null | undefined>, ms: number, instance?: SpawnedCandor): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (instance && instance.child.exitCode !== null) throw new Error(`${what}: candor exited with ${instance.child.exitCode}\n${instance.output()}`);
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms${instance ? `\n${instance.output()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A `candor` command a test spawned. */
export interface SpawnedCommand extends SpawnedCandor {
  child: ChildProcess;
  /** What it wrote to stdout (the log), apart from stderr. */
  stdout(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code (SIGKILL after `killAfterMs`). */
  stop(killAfterMs?: number): Promise<number | null>;
}

/** A `candor start --no-build` a test spawned. */
export interface StartedCandor extends SpawnedCommand {
  port: number;
  base: string;
}

/** Spawns `candor <args>` (see cli.ts's spawnCandor) and keeps what it writes. */
export function spawnWatched(commandArgs: string[], env: Record<string, string> = {}, prefix: string[] = []): SpawnedCommand {
  const child = spawnCandor(commandArgs, { NEXT_TELEMETRY_DISABLED: '1', ...env }, prefix);
  let output = '';
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (killAfterMs = 30_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { child, output: () => output, stdout: () => stdout, exited, stop };
}

/** Spawns `candor start --no-build` on 127.0.0.1:`port` (see spawnWatched). */
export function startCandor(port: number, env: Record<string, string> = {}, prefix: string[] = []): StartedCandor {
  const spawned = spawnWatched(['start', '--no-build'], { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, ...env }, prefix);
  return { ...spawned, port, base: `http://127.0.0.1:${port}` };
}
