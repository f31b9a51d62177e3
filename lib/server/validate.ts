import type { z } from 'zod';
import { AppError } from './errors';

/** The dotted path of the first string in `value` holding a NUL character, or null. */
function nulPath(value: unknown, path: string[], depth: number): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 20 || typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nulPath(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * PostgreSQL text cannot hold NUL (SQLite can), so a NUL anywhere in input is refused the same way
 * on both engines, naming the field, before it can reach either (JSON bodies and every parsed input).
 */
export function refuseNul(input: unknown): void {
  const path = nulPath(input, [], 0);
  if (!path) return;
  const field = path.join('.') || 'body';
  throw new AppError('validation', `${field}: may not contain a NUL character`, field);
}

/** Parses input with a zod schema; the first problem becomes a validation AppError naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  refuseNul(input);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  throw new AppError('validation', `${field}: ${issue?.message ?? 'invalid'}`, field, {
    issues: result.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', message: i.message })),
  });
}
