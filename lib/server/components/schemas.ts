import { z } from 'zod';
import { ComponentTranslationsInput } from '@/lib/domain/translations';
import { COMPONENT_STATUS_VALUES } from '../incidents/schemas';

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'required')
  .max(60, 'at most 60 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single dashes');

/** A slug made from a name, for forms that leave the slug empty. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const DATA_KIND_VALUES = ['contacts', 'calendar', 'todo', 'photos', 'messages', 'notes'] as const;

export const ComponentFields = z.object({
  name: z.string().trim().min(1, 'required').max(100, 'at most 100 characters'),
  slug: slugSchema.optional(),
  description: optionalText(500),
  group: z.string().trim().max(64).nullable().optional().describe('Group id or slug; empty or null for none'),
  status: z.enum(COMPONENT_STATUS_VALUES).optional(),
  data_kind: z.enum(DATA_KIND_VALUES).nullable().optional().or(z.literal('').transform(() => null)),
  showcase: z.boolean().optional(),
  only_show_if_degraded: z.boolean().optional(),
  translations: ComponentTranslationsInput.optional(),
});
export const CreateComponentInput = ComponentFields;
export const UpdateComponentInput = ComponentFields.partial().extend({ version: z.coerce.number().int().min(1).optional() });
