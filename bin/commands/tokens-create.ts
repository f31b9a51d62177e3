import type { Command } from '../command';
import { CliError, requireFlag } from '../command';
import { cliActor } from '@/lib/server/actor';
import { AppError } from '@/lib/server/errors';

const ROLES = ['admin', 'responder', 'viewer'];

export const NO_PERSON_NOTE =
  'Note: this token acts for no user, so it can neither declare data lost (in an update, incident or notice) nor approve anything (two-person rule). Add --user <e-mail> for a token that can.';

export const tokensCreateCommand: Command = {
  path: ['tokens', 'create'],
  summary: 'Create an API token (printed once, on the last line)',
  help: `Usage: candor tokens create --name <name> --role <admin|responder|viewer> [--user <e-mail>]

Creates a token for the admin REST API (Authorization: Bearer <token>).
Only its SHA-256 is stored: the token is printed once, as the last line,
so scripts can take it with \`| tail -n 1\`.

Options:
  --name   what the token is for, e.g. "deploy pipeline" (required)
  --role   admin, responder or viewer (required)
  --user   the staff member the token acts for. Without it the token acts
           for no one: it can do everything its role allows except what
           the two-person rule guards (declare data lost in an update,
           incident or notice, or approve one)`,
  options: { name: { type: 'string' }, role: { type: 'string' }, user: { type: 'string' } },
  async run({ values }) {
    const name = requireFlag(values, 'name', tokensCreateCommand);
    const role = requireFlag(values, 'role', tokensCreateCommand);
    if (!ROLES.includes(role)) throw new CliError(`--role "${role}" is not a role; use admin, responder or viewer`, 2);
    // Loaded when the command runs: `candor --help` and the other commands do not compile it.
    const [{ prepareDatabase }, { createApiToken }, { findUserIdByEmail }, { closeDb }] = await Promise.all([
      import('../database'),
      import('@/lib/server/tokens/create-api-token'),
      import('@/lib/server/users/find-user-id-by-email'),
      import('@/lib/server/db'),
    ]);
    await prepareDatabase();
    try {
      let userId: string | undefined;
      if (typeof values.user === 'string') {
        userId = await findUserIdByEmail(values.user);
        if (!userId) throw new CliError(`--user: no staff user with e-mail ${values.user.trim().toLowerCase()}; create one with \`candor users create\``);
      }
      const token = await createApiToken({ actor: cliActor, input: { name, role, userId } });
      console.log(`Created ${token.role} API token "${token.name}"${values.user ? ` acting for ${String(values.user).trim().toLowerCase()}` : ''}.`);
      if (!userId) console.log(NO_PERSON_NOTE);
      console.log('Copy it now: it is shown only once.');
      console.log(token.token);
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message);
      throw error;
    } finally {
      await closeDb();
    }
  },
};
