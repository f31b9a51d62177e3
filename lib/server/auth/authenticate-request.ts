import type { Role } from '@/lib/generated/postgresql/enums';
import { hasRole, type Actor } from '../actor';
import { db } from '../db';
import { hashToken } from '../crypto';
import { AppError } from '../errors';
import { clientIpFromHeaders } from './client-ip';

const TOUCH_MS = 60_000;

/**
 * For /api/v1 route handlers: `Authorization: Bearer <token>` only. Session cookies are not
 * accepted here, so a browser cannot be tricked into calling the API (no CSRF surface).
 */
export async function authenticateRequest(request: Request, role: Role, now: Date = new Date()): Promise<Actor> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S{10,300})\s*$/i.exec(header);
  if (!match) throw new AppError('unauthorized', header ? 'the Authorization header must be "Bearer <token>"' : 'missing Authorization: Bearer <token>');
  const token = await db().apiToken.findUnique({ where: { tokenHash: hashToken(match[1]!) }, include: { user: { select: { disabledAt: true } } } });
  if (!token || token.revokedAt || token.user?.disabledAt) throw new AppError('unauthorized', 'the API token is invalid or revoked');
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_MS) {
    await db().apiToken.updateMany({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  const actor: Actor = { type: 'token', tokenId: token.id, label: `token:${token.name}`, role: token.role, ip: clientIpFromHeaders(request.headers), ...(token.userId ? { userId: token.userId } : {}) };
  if (!hasRole(actor, role)) throw new AppError('forbidden', `this needs ${role === 'admin' ? 'an' : 'a'} ${role} token; this token has the ${token.role} role`);
  return actor;
}
