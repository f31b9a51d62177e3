import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { CLI } from './cli';

/** Whether there is a Next build for `candor start --no-build` to serve (npm test builds first; alone, run `npm run build`). */
export const BUILT = existsSync(join(process.cwd(), process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'));

/** A TCP port on 127.0.0.1 that was free a moment ago (for a `candor start` a test spawns). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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

/** A `candor start --no-build` a test spawned. */
export interface StartedCandor extends SpawnedCandor {
  child: ChildProcess;
  port: number;
  base: string;
  /** What it wrote to stdout (the log), apart from stderr. */
  stdout(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code (SIGKILL after `killAfterMs`). */
  stop(killAfterMs?: number): Promise<number | null>;
}

/**
 * Spawns `candor start --no-build` on 127.0.0.1:`port` with this process's environment minus
 * Candor's own settings, plus `env`. `prefix` runs it through another command (e.g. setpriv).
 */
export function startCandor(port: number, env: Record<string, string> = {}, prefix: string[] = []): StartedCandor {
  const base = { ...process.env };
  for (const k of ['DATABASE_URL', 'CANDOR_DATA_DIR', 'SMTP_URL', 'MAIL_FROM', 'CANDOR_WORKER', 'SHUTDOWN_GRACE_SECONDS', 'SHUTDOWN_DELAY_SECONDS', 'TRUSTED_PROXIES', 'LOG_LEVEL']) delete base[k];
  const [command, ...args] = [...prefix, process.execPath, CLI, 'start', '--no-build'];
  const child = spawn(command!, args, {
    env: { ...base, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => {
    output += c.toString();
    stdout += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (killAfterMs = 30_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { child, port, base: `http://127.0.0.1:${port}`, output: () => output, stdout: () => stdout, exited, stop };
}
