import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(process.cwd(), 'bin', 'candor.mjs');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real command line with a clean configuration plus `env`; `prefix` runs it through another command (e.g. setpriv). */
export function candor(args: string[], env: Record<string, string> = {}, prefix: string[] = []): Promise<Run> {
  const base = { ...process.env };
  for (const k of ['DATABASE_URL', 'CANDOR_DATA_DIR', 'PORT', 'HOST', 'PUBLIC_URL', 'SMTP_URL', 'MAIL_FROM', 'CANDOR_WORKER', 'TRUSTED_PROXIES', 'SHUTDOWN_GRACE_SECONDS']) delete base[k];
  return new Promise((resolve, reject) => {
    const [command, ...rest] = [...prefix, process.execPath, CLI, ...args];
    const child = spawn(command!, rest, { env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
