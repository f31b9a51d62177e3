import type { z } from 'zod';
import { AppError } from './errors';

/** Parses input with a zod schema; the first problem becomes a validation AppError naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  throw new AppError('validation', `${field}: ${issue?.message ?? 'invalid'}`, field, {
    issues: result.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', message: i.message })),
  });
}
