import type { Command } from '../command';
import { CliError, requireFlag } from '../command';
import { cliActor } from '@/lib/server/actor';
import { AppError } from '@/lib/server/errors';

export const usersResetTotpCommand: Command = {
  path: ['users', 'reset-totp'],
  summary: "Turn off a staff member's two-step sign-in (lost phone) and sign them out",
  help: `Usage: candor users reset-totp --email <e-mail>

Turns off two-step sign-in (TOTP) for one staff account, for when the
phone with the authenticator app is lost, including when the only admin
lost theirs. The account's sessions end at once; the person then signs
in with their password alone and can enrol a new device on their
account page. The audit log records the command line as the actor.

Options:
  --email     the account's e-mail address (required)`,
  options: { email: { type: 'string' } },
  async run({ values }) {
    const email = requireFlag(values, 'email', usersResetTotpCommand);
    // Loaded when the command runs: `candor --help` and the other commands do not compile it.
    const [{ prepareDatabase }, { closeDb }, { findUserIdByEmail }, { resetTotp }] = await Promise.all([
      import('../database'),
      import('@/lib/server/db'),
      import('@/lib/server/users/find-user-id-by-email'),
      import('@/lib/server/users/reset-totp'),
    ]);
    await prepareDatabase();
    try {
      const id = await findUserIdByEmail(email);
      if (!id) throw new CliError(`no staff account has the e-mail ${email}`);
      const reset = await resetTotp({ actor: cliActor, input: { user_id: id } });
      console.log(`Two-step sign-in is off for ${reset.email}; ${reset.sessionsEnded} session${reset.sessionsEnded === 1 ? '' : 's'} ended.`);
      console.log('They sign in with their password alone and can enrol a new device on their account page.');
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message);
      throw error;
    } finally {
      await closeDb();
    }
  },
};
