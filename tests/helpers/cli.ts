import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(process.cwd(), 'bin', 'candor.mjs');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the real command line with a clean configuration plus `env`. */
export function spawnCandor(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  const base = { ...process.env };
  for (const k of ['DATABASE_URL', 'PORT', 'HOST', 'PUBLIC_URL', 'SMTP_URL', 'MAIL_FROM', 'CANDOR_WORKER']) delete base[k];
  return spawn(process.execPath, [CLI, ...args], { env: { ...base, ...env } });
}

/** Runs the real command line with a clean configuration plus `env`. */
export function candor(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnCandor(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
