import { z } from 'zod';
import { isUniqueViolation } from '../api/respond';
import { slugSchema } from '../components/schemas';
import { AppError } from '../errors';
import { GroupTranslationsInput } from '@/lib/domain/translations';

export const GroupInput = z.object({
  name: z.string().trim().min(1, 'required').max(100),
  slug: slugSchema.optional(),
  description: z.string().trim().max(500).optional().transform((v) => v || null),
  translations: GroupTranslationsInput.optional(),
});

export const clash = (error: unknown): never => {
  if (isUniqueViolation(error)) throw new AppError('conflict', 'another group already has that slug', 'slug');
  throw error;
};
