import { z } from 'zod';
import { isUniqueViolation } from '../api/respond';
import { AppError } from '../errors';
import { INCIDENT_STATUS_VALUES } from '../incidents/schemas';

export const TemplateInput = z.object({
  name: z.string().trim().min(1, 'required').max(100),
  title: z.string().trim().max(200).optional().transform((v) => v || null),
  status: z.enum(INCIDENT_STATUS_VALUES).optional().or(z.literal('').transform(() => undefined)),
  body: z.string().trim().min(1, 'required').max(20_000),
});

export const clash = (error: unknown): never => {
  if (isUniqueViolation(error)) throw new AppError('conflict', 'a template with that name already exists', 'name');
  throw error;
};
