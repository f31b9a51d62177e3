import type { Command } from '../command';
import { CliError, requireFlag } from '../command';
import { cliActor } from '@/lib/server/actor';
import { AppError } from '@/lib/server/errors';

export const usersResetPasswordCommand: Command = {
  path: ['users', 'reset-password'],
  summary: "Give a staff member a one-time password (forgotten password, no SMTP) and sign them out",
  help: `Usage: candor users reset-password --email <e-mail>

Sets a one-time password for one staff account, for someone who forgot
theirs when reset mail cannot reach them (SMTP_URL unset), including the
only admin. It is printed once, as the last line; they must choose their
own at the next sign-in. Their sessions and unused reset links end, and
a lock from failed sign-ins lifts. The audit log records the command line.

Options:
  --email     the account's e-mail address (required)`,
  options: { email: { type: 'string' } },
  async run({ values }) {
    const email = requireFlag(values, 'email', usersResetPasswordCommand);
    // Loaded when the command runs: `candor --help` and the other commands do not compile it.
    const [{ prepareDatabase }, { closeDb }, { findUserIdByEmail }, { setOneTimePassword }] = await Promise.all([
      import('../database'),
      import('@/lib/server/db'),
      import('@/lib/server/users/find-user-id-by-email'),
      import('@/lib/server/users/set-one-time-password'),
    ]);
    await prepareDatabase();
    try {
      const id = await findUserIdByEmail(email);
      if (!id) throw new CliError(`no staff account has the e-mail ${email}`);
      const set = await setOneTimePassword({ actor: cliActor, input: { user_id: id } });
      console.log(`One-time password set for ${set.email}; ${set.sessionsEnded} session${set.sessionsEnded === 1 ? '' : 's'} ended.`);
      console.log('Pass it on privately; a new one must be chosen at the next sign-in:');
      console.log(set.oneTimePassword);
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message);
      throw error;
    } finally {
      await closeDb();
    }
  },
};
