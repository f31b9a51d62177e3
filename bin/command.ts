import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A failure the user can act on: printed as one clear line, exit code non-zero. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface Command {
  /** Words that select the command, e.g. ['users', 'create']. */
  path: string[];
  summary: string;
  /** Full help text, printed by --help. */
  help: string;
  options?: ParseArgsConfig['options'];
  /** Positional arguments allowed after the command words. */
  positionals?: boolean;
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[] }): Promise<number | void>;
}

/** Parses a command's flags; unknown flags and missing values become a usage error. */
export function parseCommandArgs(command: Command, argv: string[]) {
  try {
    const parsed = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, ...command.options }, allowPositionals: true, strict: true });
    if (!command.positionals && parsed.positionals.length > 0) throw new Error(`unexpected argument "${parsed.positionals[0]}"`);
    return parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] };
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${command.help}`, 2);
  }
}

/** Reads a required string flag or fails naming it. */
export function requireFlag(values: Record<string, string | boolean | undefined>, name: string, command: Command): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new CliError(`--${name} is required\n\n${command.help}`, 2);
  return v.trim();
}
