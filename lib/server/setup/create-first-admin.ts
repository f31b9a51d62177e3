import { z } from 'zod';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { hashPassword } from '../auth/password';
import { db } from '../db';
import { AppError } from '../errors';
import { isUniqueViolation } from '../api/respond';
import { loadDemo } from '../seed/load-demo';
import { CreateUserInput } from '../users/create-user';

export const FirstAdminInput = z
  .object({
    name: z.string().trim().min(1, 'enter your name').max(120, 'at most 120 characters'),
    email: CreateUserInput.shape.email,
    password: z.string().min(10, 'use at least 10 characters').max(200, 'at most 200 characters'),
    confirmPassword: z.string(),
    loadDemo: z.boolean().default(false),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'the two passwords differ' });
export type FirstAdminInput = z.input<typeof FirstAdminInput>;

const SETUP_MARKER = 'setup.first_admin';

export class AlreadySetUpError extends AppError {
  constructor() {
    super('conflict', 'Candor is already set up: a staff account exists. Sign in instead.');
  }
}

/** Per-field messages for a form (all problems at once, not just the first). */
export function firstAdminFieldErrors(input: unknown): Record<string, string> | null {
  const result = FirstAdminInput.safeParse(input);
  if (result.success) return null;
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}

/**
 * Creates the first admin, only while no staff account exists. The check and the insert share a
 * transaction that first writes a marker row, so two people submitting /setup at once cannot
 * both become admin: the second waits, then sees the first account.
 */
export async function createFirstAdmin({ input, now = new Date() }: { input: unknown; now?: Date }): Promise<{ id: string; email: string; demoLoaded: boolean }> {
  const parsed = FirstAdminInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'form');
    throw new AppError('validation', `${field}: ${issue?.message ?? 'invalid'}`, field, { fields: firstAdminFieldErrors(input) });
  }
  const data = parsed.data;
  if ((await db().user.count()) > 0) throw new AlreadySetUpError();
  const passwordHash = await hashPassword(data.password);
  let user;
  try {
    user = await db().$transaction(
      async (tx) => {
        // Writing the marker row first makes a concurrent setup wait for this one to commit.
        await tx.systemState.upsert({ where: { key: SETUP_MARKER }, create: { key: SETUP_MARKER, value: data.email }, update: { value: data.email } });
        if ((await tx.user.count()) > 0) throw new AlreadySetUpError();
        const created = await tx.user.create({ data: { email: data.email, name: data.name, role: 'admin', passwordHash } });
        const actor: Actor = { type: 'user', userId: created.id, label: `${created.name} <${created.email}> (first-run setup)`, role: 'admin' };
        await writeAudit(tx, actor, { action: 'user.create', objectType: 'user', objectId: created.id, after: { email: created.email, role: created.role, via: 'setup' } }, now);
        return created;
      },
      { isolationLevel: 'Serializable' },
    );
  } catch (error) {
    // A concurrent setup won the race: PostgreSQL reports a serialization failure or the unique e-mail.
    if (error instanceof AppError) throw error;
    if (isUniqueViolation(error) || (await db().user.count()) > 0) throw new AlreadySetUpError();
    throw error;
  }
  if (data.loadDemo) {
    await loadDemo({ actor: { type: 'user', userId: user.id, label: `${user.name} <${user.email}>`, role: 'admin' }, now });
  }
  return { id: user.id, email: user.email, demoLoaded: data.loadDemo };
}
