import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { db } from '../db';
import { validation } from '../errors';
import { previewNotice, type RegionPreview } from '../notices/preview-notice';
import { parseInput } from '../validate';
import { checkTemplateText, NoticeTemplatePreviewInput, type TemplateScope } from './schemas';

/**
 * A scope's template, saved or a draft, rendered with a real incident's data as each region's
 * subscribers in the template's language would read it (their zone, their locale, links shaped like theirs). Each region's
 * preview names the text it used: a region's own template may win over the one for all carriers.
 */
export async function previewNoticeTemplate({ actor, scope, input }: { actor: Actor; scope: TemplateScope; input: unknown }): Promise<{ regions: RegionPreview[] }> {
  assertRole(actor, 'viewer');
  const d = parseInput(NoticeTemplatePreviewInput, input);
  const draft = d.subject !== undefined && d.body !== undefined ? { regionSlug: scope.regionSlug, lang: scope.lang, subject: d.subject, body: d.body, draft: true } : undefined;
  if (draft) checkTemplateText(scope.kind, draft, scope.lang);
  if (d.region && scope.regionSlug && d.region !== scope.regionSlug) throw validation('region', `region: the template for ${scope.regionSlug} is only read in ${scope.regionSlug}`);
  if (d.region && !(await db().region.findUnique({ where: { slug: d.region }, select: { id: true } }))) throw validation('region', `region: no region "${d.region}"`);
  const region = d.region || scope.regionSlug || undefined;
  const { regions } = await previewNotice({ actor, incidentId: d.incident, kind: scope.kind, draft, regionSlug: region, lang: scope.lang });
  return { regions };
}
