import type { Actor } from '../actor';
import { isUniqueViolation } from '../api/respond';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { db } from '../db';
import { parseInput } from '../validate';
import { checkTemplateText, NoticeTemplateInput, scopeId, type TemplateScope } from './schemas';

/**
 * Stores the subject and body a kind of notice uses for one region, or for every carrier, in one language. Saving
 * the same text again changes nothing but the audit trail, so a retried request is harmless.
 */
export async function saveNoticeTemplate({ actor, scope, input }: { actor: Actor; scope: TemplateScope; input: unknown }): Promise<void> {
  assertRole(actor, 'responder');
  const text = parseInput(NoticeTemplateInput, input);
  checkTemplateText(scope.kind, text, scope.lang);
  const where = { kind: scope.kind, regionSlug: scope.regionSlug, lang: scope.lang };
  const write = () =>
    db().$transaction(async (tx) => {
      const before = await tx.noticeTemplate.findFirst({ where, select: { subject: true, body: true } });
      // updateMany, not upsert: a null region slug cannot name a row in a compound unique key.
      const { count } = await tx.noticeTemplate.updateMany({ where, data: text });
      if (count === 0) await tx.noticeTemplate.create({ data: { ...where, ...text } });
      await writeAudit(tx, actor, { action: 'notice_template.update', objectType: 'notice_template', objectId: scopeId(scope), before: before ?? 'default', after: text });
    });
  // Two first saves of one region's template at once: the loser finds the winner's row and updates it.
  await write().catch((error: unknown) => (isUniqueViolation(error) ? write() : Promise.reject(error)));
}
