import type { Actor } from '../actor';
import type { Tx } from '../db';
import { AppError } from '../errors';

/** The name shown on an update: the staff member's name, the token's name, or "Candor". */
export async function authorOf(tx: Tx, actor: Actor): Promise<{ authorId: string | null; authorName: string }> {
  if (actor.userId) {
    const user = await tx.user.findUnique({ where: { id: actor.userId }, select: { id: true, name: true } });
    if (user) return { authorId: user.id, authorName: actor.type === 'token' ? `${user.name} (${actor.label})` : user.name };
  }
  return { authorId: null, authorName: actor.type === 'system' ? 'Candor' : actor.label };
}

const USE_A_PERSON = 'Use an API token that acts for a user (console: API tokens, "Acts for: me"; command line: candor tokens create --user <e-mail>), or the console.';

/**
 * The two-person rule needs a first person: a token that acts for nobody could otherwise write
 * something and let the same human approve it as the "second" person. `what` names the thing.
 */
export function personRequired(what: string): AppError {
  return new AppError('forbidden', `${what} needs a second person's approval, so it must come from a person, and this API token acts for no user. ${USE_A_PERSON}`);
}

/** For approving: the approver must be a person too. */
export function approverRequired(what: string): AppError {
  return new AppError('forbidden', `Approving ${what} needs a person (two-person rule), and this API token acts for no user. ${USE_A_PERSON}`);
}

/** For something already waiting whose author is no person (written before this rule): nobody can be its second person. */
export function noFirstPerson(what: string): AppError {
  return new AppError('forbidden', `${what} was written by an API token that acts for no user, so no one can be its second person. Reject or cancel it, and post it again as a person.`);
}
