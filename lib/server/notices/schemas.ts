import { z } from 'zod';
import { NOTICE_KINDS } from '@/lib/mail/templates/notice-defaults';

export const noticeKindSchema = z.enum(NOTICE_KINDS as [string, ...string[]]);

export const createNoticeInput = z.object({
  incident: z.string().trim().min(1).max(100).describe('Incident id'),
  kind: noticeKindSchema,
  subject: z.string().max(200, 'a subject has at most 200 characters').optional().describe("Overrides the template's subject"),
  body: z.string().max(20_000, 'a body has at most 20,000 characters').optional().describe("Overrides the template's body"),
  confirmed_audience: z.coerce.number().int('a whole number').min(0, 'not negative').optional().describe('The audience count the sender confirmed; a different current count is refused (409)'),
});
export type CreateNoticeInput = z.output<typeof createNoticeInput>;
