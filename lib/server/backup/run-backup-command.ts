import { spawn } from 'node:child_process';
import type { CommandOutcome } from '@/lib/domain/backup-schedule';
import { commandFor } from './backup-settings';

// BACKUP_COMMAND, run for one new backup: its words as split at start (no shell), the file's path
// as one argument of its own, so no file name can ever be read as shell syntax. What it wrote to
// stderr last is kept, to be shown where its failure is reported.

export const COMMAND_TIMEOUT_MS = 60 * 60_000;
const TAIL_CHARS = 2_000;

export async function runBackupCommand(command: string[], file: string, opts: { timeoutMs?: number; now?: () => Date } = {}): Promise<CommandOutcome> {
  const [program, ...args] = commandFor(command, file);
  const timeoutMs = opts.timeoutMs ?? COMMAND_TIMEOUT_MS;
  const now = opts.now ?? (() => new Date());
  let stderr = '';
  const result = await new Promise<{ exitCode: number | null; signal: string | null; error?: Error; timedOut: boolean }>((resolve) => {
    const child = spawn(program!, args, { stdio: ['ignore', 'ignore', 'pipe'], shell: false });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-TAIL_CHARS * 2);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, signal: null, error, timedOut });
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, timedOut });
    });
  });
  const stderrTail = stderr.slice(-TAIL_CHARS).trim();
  const ok = !result.error && result.exitCode === 0;
  const lastLine = stderrTail.split('\n').filter(Boolean).pop();
  const message = ok
    ? `${program} exited 0`
    : result.error
      ? `${program} could not be run: ${result.error.message}`
      : result.timedOut
        ? `${program} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`
        : `${program} ${result.signal ? `was killed by ${result.signal}` : `exited ${result.exitCode}`}${lastLine ? `: ${lastLine}` : ''}`;
  return { at: now().toISOString(), file, ok, exitCode: result.exitCode, signal: result.signal, stderrTail, message };
}
