import { db } from '../db';

export async function listApiTokens() {
  return db().apiToken.findMany({ orderBy: [{ revokedAt: 'asc' }, { createdAt: 'desc' }], include: { user: { select: { name: true, email: true } } } });
}
