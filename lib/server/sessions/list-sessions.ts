import { db } from '../db';

export async function listSessions(userId: string) {
  return db().session.findMany({ where: { userId, expiresAt: { gt: new Date() } }, orderBy: { lastSeenAt: 'desc' }, select: { id: true, ip: true, userAgent: true, lastSeenAt: true, createdAt: true } });
}
