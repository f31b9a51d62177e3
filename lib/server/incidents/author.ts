import type { Actor } from '../actor';
import type { Tx } from '../db';

/** The name shown on an update: the staff member's name, the token's name, or "Candor". */
export async function authorOf(tx: Tx, actor: Actor): Promise<{ authorId: string | null; authorName: string }> {
  if (actor.userId) {
    const user = await tx.user.findUnique({ where: { id: actor.userId }, select: { id: true, name: true } });
    if (user) return { authorId: user.id, authorName: actor.type === 'token' ? `${user.name} (${actor.label})` : user.name };
  }
  return { authorId: null, authorName: actor.type === 'system' ? 'Candor' : actor.label };
}
