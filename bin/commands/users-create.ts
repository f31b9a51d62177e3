import type { Command } from '../command';
import { CliError, requireFlag } from '../command';
import { cliActor } from '@/lib/server/actor';
import { AppError } from '@/lib/server/errors';

const ROLES = ['admin', 'responder', 'viewer'];

export const usersCreateCommand: Command = {
  path: ['users', 'create'],
  summary: 'Create a staff account (prints a one-time password unless --password is given)',
  help: `Usage: candor users create --email <e-mail> --role <admin|responder|viewer> [--password <password>] [--name <name>]

Creates a staff account. Without --password, Candor chooses a one-time
password, prints it once, and asks for a new one at the first sign-in.

Roles:
  admin       everything, including staff, tokens and settings
  responder   post incidents and updates, send notices
  viewer      read the console

Options:
  --email     the account's e-mail address (required)
  --role      admin, responder or viewer (required)
  --password  at least 10 characters; prefer leaving it out (shell history)
  --name      the name shown on updates (default: the part before @)`,
  options: { email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
  async run({ values }) {
    const email = requireFlag(values, 'email', usersCreateCommand);
    const role = requireFlag(values, 'role', usersCreateCommand);
    if (!ROLES.includes(role)) throw new CliError(`--role "${role}" is not a role; use admin, responder or viewer`, 2);
    // Loaded when the command runs: `candor --help` and the other commands do not compile it.
    const [{ prepareDatabase }, { createUser }, { closeDb }] = await Promise.all([import('../database'), import('@/lib/server/users/create-user'), import('@/lib/server/db')]);
    await prepareDatabase();
    try {
      const user = await createUser({ actor: cliActor, input: { email, role, password: values.password, name: values.name } });
      console.log(`Created ${user.role} ${user.email}.`);
      if (user.oneTimePassword) {
        console.log('One-time password (shown only now; a new one must be chosen at the first sign-in):');
        console.log(user.oneTimePassword);
      }
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.field ? `--${error.field}: ${error.message.replace(new RegExp(`^${error.field}: `), '')}` : error.message);
      throw error;
    } finally {
      await closeDb();
    }
  },
};
