import type { Tx } from '../db';
import { hashToken, randomToken } from '../crypto';
import { sessionExpiry } from './session-policy';

export interface CreatedSession {
  id: string;
  /** The cookie value; only its sha256 is stored. */
  token: string;
  expiresAt: Date;
}

/** Opens a session for a user; `verified` is false while a TOTP code is still owed. */
export async function createSession(tx: Tx, args: { userId: string; verified: boolean; ip?: string; userAgent?: string }, now: Date = new Date()): Promise<CreatedSession> {
  const token = randomToken(32);
  const expiresAt = sessionExpiry(now, now);
  const row = await tx.session.create({
    data: {
      tokenHash: hashToken(token),
      userId: args.userId,
      verifiedAt: args.verified ? now : null,
      ip: args.ip?.slice(0, 64) ?? null,
      userAgent: args.userAgent?.slice(0, 300) ?? null,
      expiresAt,
      lastSeenAt: now,
      createdAt: now,
    },
  });
  return { id: row.id, token, expiresAt };
}
