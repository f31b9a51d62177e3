import { isUniqueViolation } from '../api/respond';
import { AppError } from '../errors';

/** Turns the database's unique-slug refusal into a 409 that names the field; rethrows anything else. */
export function regionSlugClash(error: unknown): never {
  if (isUniqueViolation(error)) throw new AppError('conflict', 'another region already has that slug', 'slug');
  throw error;
}
