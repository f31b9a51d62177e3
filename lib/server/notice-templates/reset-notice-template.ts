import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { db } from '../db';
import { scopeId, type TemplateScope } from './schemas';

/** Back to what the scope read before anyone wrote a template: the template for all carriers, else Candor's default. */
export async function resetNoticeTemplate({ actor, scope }: { actor: Actor; scope: TemplateScope }): Promise<{ reset: boolean }> {
  assertRole(actor, 'responder');
  const where = { kind: scope.kind, regionSlug: scope.regionSlug, lang: scope.lang };
  return db().$transaction(async (tx) => {
    const before = await tx.noticeTemplate.findFirst({ where, select: { subject: true, body: true } });
    // Resetting a scope that already reads the default is a retry or a double click: nothing to record.
    if (!before) return { reset: false };
    await tx.noticeTemplate.deleteMany({ where });
    await writeAudit(tx, actor, { action: 'notice_template.reset', objectType: 'notice_template', objectId: scopeId(scope), before, after: 'default' });
    return { reset: true };
  });
}
