import type { Role } from '@/lib/generated/postgresql/enums';

/** Who is asking: a signed-in staff member, an API token, the command line, or Candor itself. */
export interface Actor {
  type: 'user' | 'token' | 'cli' | 'system' | 'public';
  /** The staff user id (for a token acting for a user, the user's id). */
  userId?: string;
  tokenId?: string;
  label: string;
  role: Role | null;
  ip?: string;
}

export const systemActor: Actor = { type: 'system', label: 'Candor', role: 'admin' };
export const cliActor: Actor = { type: 'cli', label: 'candor command line', role: 'admin' };

const rank: Record<Role, number> = { viewer: 1, responder: 2, admin: 3 };

/** True when the actor's role is at least `needed` (admin > responder > viewer). */
export function hasRole(actor: Actor, needed: Role): boolean {
  return actor.role !== null && rank[actor.role] >= rank[needed];
}
