import { z } from 'zod';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { db } from '../db';
import { hashToken, randomToken } from '../crypto';
import { parseInput } from '../validate';

export const CreateApiTokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(['admin', 'responder', 'viewer']),
  /** The staff member the token acts for (needed for two-person approvals through the API). */
  userId: z.string().min(1).max(64).optional(),
});

/** API tokens look like `cnd_<prefix>_<secret>`; only their sha256 is stored. */
export async function createApiToken({ actor, input }: { actor: Actor; input: unknown }): Promise<{ id: string; name: string; role: string; token: string }> {
  const data = parseInput(CreateApiTokenInput, input);
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const token = `cnd_${prefix}_${randomToken(32)}`;
  return db().$transaction(async (tx) => {
    const row = await tx.apiToken.create({ data: { name: data.name, role: data.role, prefix, tokenHash: hashToken(token), userId: data.userId ?? null } });
    await writeAudit(tx, actor, { action: 'api_token.create', objectType: 'api_token', objectId: row.id, after: { name: row.name, role: row.role, prefix } });
    return { id: row.id, name: row.name, role: row.role, token };
  });
}
