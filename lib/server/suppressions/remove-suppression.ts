import { z } from 'zod';
import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { db } from '../db';
import { notFound } from '../errors';
import { parseInput } from '../validate';

export const RemoveSuppressionInput = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
});
export type RemoveSuppressionInput = z.infer<typeof RemoveSuppressionInput>;

/** Lets Candor mail an address again (e.g. the mailbox was re-created). Admins only: a wrong removal sends mail into a bounce. */
export async function removeSuppression({ actor, input }: { actor: Actor; input: unknown }): Promise<{ email: string }> {
  assertRole(actor, 'admin');
  const { email } = parseInput(RemoveSuppressionInput, input);
  return db().$transaction(async (tx) => {
    const row = await tx.suppression.findUnique({ where: { email } });
    if (!row) throw notFound(`${email} on the suppression list`);
    // A second admin removing it at the same moment finds nothing left to delete.
    if ((await tx.suppression.deleteMany({ where: { email } })).count !== 1) throw notFound(`${email} on the suppression list`);
    await writeAudit(tx, actor, { action: 'suppression.remove', objectType: 'suppression', objectId: email, before: { reason: row.reason, createdAt: row.createdAt.toISOString() } });
    return { email };
  });
}
