import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { hashToken } from '../crypto';

/** Signs out one session (the cookie's). Unknown tokens are ignored. */
export async function revokeSession(token: string | undefined): Promise<void> {
  if (!token) return;
  await db().session.deleteMany({ where: { tokenHash: hashToken(token) } });
}

/** Signs a user out everywhere, e.g. after a password change or on request. */
export async function revokeAllSessions({ actor, userId, exceptToken }: { actor: Actor; userId: string; exceptToken?: string }): Promise<number> {
  return db().$transaction(async (tx) => {
    const result = await tx.session.deleteMany({ where: { userId, ...(exceptToken ? { NOT: { tokenHash: hashToken(exceptToken) } } : {}) } });
    await writeAudit(tx, actor, { action: 'session.revoke_all', objectType: 'user', objectId: userId, after: { revoked: result.count } });
    return result.count;
  });
}
