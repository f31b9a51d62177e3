import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { db } from '../db';
import { AppError, notFound } from '../errors';

export async function revokeApiToken({ actor, id }: { actor: Actor; id: string }) {
  assertRole(actor, 'admin');
  await db().$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id } });
    if (!token) throw notFound('API token');
    const r = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (r.count !== 1) throw new AppError('conflict', 'This token is already revoked.');
    await writeAudit(tx, actor, { action: 'api_token.revoke', objectType: 'api_token', objectId: id, before: { name: token.name, role: token.role, prefix: token.prefix } });
  });
}
