import type { Role } from '@/lib/generated/postgresql/enums';
import { db } from '../db';
import { hashToken } from '../crypto';
import { SESSION_TOUCH_MS, sessionExpiry } from './session-policy';

export interface ValidSession {
  sessionId: string;
  user: { id: string; email: string; name: string; role: Role; mustChangePassword: boolean; totpEnabled: boolean };
  /** False while the user has TOTP enabled and has not yet given a code in this session. */
  verified: boolean;
  expiresAt: Date;
}

/**
 * Looks a session cookie up: unknown, expired or belonging to a disabled user gives null.
 * Slides the expiry forward, writing at most once every few minutes.
 */
export async function validateSession(token: string | undefined, now: Date = new Date()): Promise<ValidSession | null> {
  if (!token || token.length > 200) return null;
  const session = await db().session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!session || session.expiresAt <= now || session.user.disabledAt) return null;
  const totpEnabled = session.user.totpEnabledAt !== null;
  let expiresAt = session.expiresAt;
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_MS) {
    expiresAt = sessionExpiry(session.createdAt, now);
    await db().session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now, expiresAt } });
  }
  const u = session.user;
  return {
    sessionId: session.id,
    user: { id: u.id, email: u.email, name: u.name, role: u.role, mustChangePassword: u.mustChangePassword, totpEnabled },
    verified: !totpEnabled || session.verifiedAt !== null,
    expiresAt,
  };
}
