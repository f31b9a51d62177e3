import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import net from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (for a `candor start` a test spawns). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

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

/** A `candor start --no-build` on the production build, with its stdout (the log) kept apart from stderr. */
export interface StartedCandor extends SpawnedCandor {
  child: ChildProcess;
  base: string;
  stdout(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
  stop(): Promise<void>;
}

export function spawnCandorStart(port: number, env: Record<string, string>): StartedCandor {
  const base = { ...process.env };
  for (const k of ['SMTP_URL', 'MAIL_FROM', 'CANDOR_WORKER', 'SHUTDOWN_GRACE_SECONDS', 'LOG_LEVEL']) delete base[k];
  const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'candor.mjs'), 'start', '--no-build'], {
    env: { ...base, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    stdout: () => stdout,
    output: () => stdout + stderr,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
