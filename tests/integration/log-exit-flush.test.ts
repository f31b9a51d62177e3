import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The process's log is gathered in memory and written 64 KiB at a time (lib/server/log/logger.ts):
// a process that logs and exits at once, or after the 100 ms hand-over, loses no line and splits none.

function logThenExit(lines: number, exitAfterMs: number): Promise<{ code: number | null; stdout: string }> {
  const script = `
    import { logger } from '@/lib/server/log/logger';
    const log = logger('server');
    for (let i = 0; i < ${lines}; i++) log.info({ n: i }, 'line ' + 'x'.repeat(i % 300));
    setTimeout(() => { log.info('last'); process.exit(0); }, ${exitAfterMs});
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs'), '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'info' } });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('the log at exit', () => {
  it.each([
    ['exiting at once', 0],
    ['exiting after the timed hand-over', 105],
  ])('keeps every line, in order, %s', async (_what, exitAfterMs) => {
    const lines = 20_000;
    const { code, stdout } = await logThenExit(lines, exitAfterMs);
    expect(code).toBe(0);
    const written = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { n?: number; msg: string });
    // Several 64 KiB hand-overs (a positive control that batching was at work), then the rest at exit.
    expect(stdout.length).toBeGreaterThan(4 * 65_536);
    expect(written.map((l) => l.n ?? -1)).toEqual([...Array.from({ length: lines }, (_, i) => i), -1]);
    expect(written.at(-1)!.msg).toBe('last');
  }, 60_000);
});
