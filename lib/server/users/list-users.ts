import { db } from '../db';

export async function listUsers() {
  return db().user.findMany({ orderBy: [{ disabledAt: 'asc' }, { name: 'asc' }], select: { id: true, email: true, name: true, role: true, disabledAt: true, totpEnabledAt: true, mustChangePassword: true, createdAt: true, sessions: { select: { lastSeenAt: true }, orderBy: { lastSeenAt: 'desc' }, take: 1 } } });
}
