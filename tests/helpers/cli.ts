import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(process.cwd(), 'bin', 'candor.mjs');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the real command line with a clean configuration plus `env`; `prefix` runs it through another command (e.g. setpriv). */
export function spawnCandor(args: string[], env: Record<string, string> = {}, prefix: string[] = []): ChildProcessWithoutNullStreams {
  const base = { ...process.env };
  for (const k of ['DATABASE_URL', 'CANDOR_DATA_DIR', 'PORT', 'HOST', 'PUBLIC_URL', 'SMTP_URL', 'MAIL_FROM', 'CANDOR_WORKER', 'TRUSTED_PROXIES', 'SHUTDOWN_GRACE_SECONDS', 'SHUTDOWN_DELAY_SECONDS', 'LOG_LEVEL', 'METRICS_PORT', 'METRICS_HOST', 'METRICS_TOKEN']) delete base[k];
  const [command, ...rest] = [...prefix, process.execPath, CLI, ...args];
  return spawn(command!, rest, { env: { ...base, ...env } });
}

/** Runs the real command line with a clean configuration plus `env`; `prefix` as for spawnCandor. */
export function candor(args: string[], env: Record<string, string> = {}, prefix: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnCandor(args, env, prefix);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
