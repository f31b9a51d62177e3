import { z } from 'zod';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { db, type Tx } from '../db';
import { AppError } from '../errors';
import { hashPassword, generatePassword } from '../auth/password';
import { parseInput } from '../validate';
import { isUniqueViolation } from '../api/respond';

export const CreateUserInput = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email('not a valid e-mail address')),
  name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(['admin', 'responder', 'viewer']),
  /** Omit to get a one-time password that must be changed at first sign-in. */
  password: z.string().min(10, 'at least 10 characters').max(200).optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export interface CreatedUser {
  id: string;
  email: string;
  role: 'admin' | 'responder' | 'viewer';
  /** Present when Candor chose the password: shown once, never stored in clear. */
  oneTimePassword?: string;
}

export async function createUser({ actor, input }: { actor: Actor; input: unknown }): Promise<CreatedUser> {
  const data = parseInput(CreateUserInput, input);
  const oneTimePassword = data.password ? undefined : generatePassword();
  const passwordHash = await hashPassword(data.password ?? oneTimePassword!);
  const user = await insertUser(actor, data, passwordHash, !data.password);
  return { ...user, ...(oneTimePassword ? { oneTimePassword } : {}) };
}

/** The account row and its audit row in one transaction; `then` adds more to the same transaction (an invitation). */
export async function insertUser(actor: Actor, data: CreateUserInput, passwordHash: string, mustChangePassword: boolean, then?: (tx: Tx, user: { id: string; email: string; name: string }) => Promise<void>): Promise<CreatedUser> {
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: data.email, name: data.name ?? data.email.split('@')[0]!, role: data.role, passwordHash, mustChangePassword } });
      await writeAudit(tx, actor, { action: 'user.create', objectType: 'user', objectId: user.id, after: { email: user.email, role: user.role } });
      await then?.(tx, user);
      return { id: user.id, email: user.email, role: user.role };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', `a staff user with e-mail ${data.email} already exists`, 'email');
    throw error;
  }
}
