import { CliError, parseCommandArgs, type Command } from './command';
import { EnvError } from '@/lib/server/env-error';
import { migrateCommand } from './commands/migrate';
import { startCommand } from './commands/start';
import { seedDemoCommand } from './commands/seed';
import { usersCreateCommand } from './commands/users-create';
import { usersResetTotpCommand } from './commands/users-reset-totp';
import { usersResetPasswordCommand } from './commands/users-reset-password';
import { tokensCreateCommand } from './commands/tokens-create';
import { doctorCommand } from './commands/doctor';
import { workerCommand } from './commands/worker';
import { backupCommand, backupVerifyCommand } from './commands/backup';
import { restoreCommand } from './commands/restore';
const commands: Command[] = [startCommand, migrateCommand, seedDemoCommand, usersCreateCommand, usersResetPasswordCommand, usersResetTotpCommand, tokensCreateCommand, doctorCommand, workerCommand, backupCommand, backupVerifyCommand, restoreCommand];


export function usage(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return [
    'Usage: candor <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'Run `candor <command> --help` for the options of one command.',
    'Configuration comes from the environment: DATABASE_URL, PORT, PUBLIC_URL, SMTP_URL (see README).',
  ].join('\n');
}

function find(argv: string[]): { command: Command; rest: string[] } | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const matches = commands.filter((c) => c.path.every((w, i) => words[i] === w)).sort((a, b) => b.path.length - a.path.length);
  const command = matches[0];
  if (!command) return undefined;
  const rest = [...argv];
  for (const w of command.path) rest.splice(rest.indexOf(w), 1);
  return { command, rest };
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(usage());
    return argv.length === 0 ? 2 : 0;
  }
  const found = find(argv);
  if (!found) {
    const group = commands.filter((c) => c.path[0] === argv[0]);
    console.error(group.length > 0 ? `candor: "${argv.join(' ')}" is incomplete; try: ${group.map((c) => c.path.join(' ')).join(', ')}\n` : `candor: unknown command "${argv[0]}"\n`);
    console.error(usage());
    return 2;
  }
  try {
    const args = parseCommandArgs(found.command, found.rest);
    if (args.values.help) {
      console.log(found.command.help);
      return 0;
    }
    return (await found.command.run(args)) ?? 0;
  } catch (error) {
    if (error instanceof CliError) {
      console.error(`candor ${found.command.path.join(' ')}: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof EnvError) {
      console.error(`candor: configuration error in ${error.message}`);
      return 1;
    }
    console.error(`candor ${found.command.path.join(' ')}: ${(error as Error)?.message ?? String(error)}`);
    return 1;
  }
}
