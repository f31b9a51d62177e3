import { z } from 'zod';
import type { Actor } from '../actor';
import { isUniqueViolation } from '../api/respond';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { db } from '../db';
import { AppError } from '../errors';
import { parseInput } from '../validate';

export const AddSuppressionInput = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email('not a valid e-mail address')),
  reason: z.string().trim().min(1, 'say why the address is suppressed').max(500),
});
export type AddSuppressionInput = z.infer<typeof AddSuppressionInput>;

/** Stops all mail to an address (notices and Candor's own) by hand, e.g. after a complaint. */
export async function addSuppression({ actor, input }: { actor: Actor; input: unknown }): Promise<{ email: string; reason: string; createdAt: Date }> {
  assertRole(actor, 'responder');
  const data = parseInput(AddSuppressionInput, input);
  const clash = () => new AppError('conflict', `${data.email} is already on the suppression list`, 'email');
  try {
    return await db().$transaction(async (tx) => {
      if (await tx.suppression.findUnique({ where: { email: data.email }, select: { email: true } })) throw clash();
      const row = await tx.suppression.create({ data: { email: data.email, reason: data.reason } });
      await writeAudit(tx, actor, { action: 'suppression.add', objectType: 'suppression', objectId: row.email, after: { reason: row.reason } });
      return row;
    });
  } catch (error) {
    // The worker may suppress the same address between the check and the insert.
    if (isUniqueViolation(error)) throw clash();
    throw error;
  }
}
