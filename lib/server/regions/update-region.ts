import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { parseInput } from '../validate';
import { UpdateRegionInput } from './schemas';
import { regionAuditView } from './region-fields';
import { regionSlugClash } from './slug-clash';

export async function updateRegion({ actor, ref, input }: { actor: Actor; ref: string; input: unknown }) {
  assertRole(actor, 'admin');
  const d = parseInput(UpdateRegionInput, input);
  const row = await db()
    .$transaction(async (tx) => {
      const before = await tx.region.findFirst({ where: { OR: [{ id: ref }, { slug: ref }] } });
      if (!before) throw notFound(`region "${ref}"`);
      const claimed = await tx.region.updateMany({ where: { id: before.id, version: d.version ?? before.version }, data: { version: { increment: 1 } } });
      if (claimed.count !== 1) throw new AppError('conflict', 'This region was changed by someone else since you opened it. Reload and try again.', 'version');
      const r = await tx.region.update({
        where: { id: before.id },
        data: {
          ...(d.name !== undefined ? { name: d.name } : {}),
          ...(d.slug !== undefined ? { slug: d.slug } : {}),
          ...(d.carrier !== undefined ? { carrier: d.carrier } : {}),
          ...(d.product !== undefined ? { product: d.product } : {}),
          ...(d.market !== undefined ? { market: d.market } : {}),
          ...(d.locale !== undefined ? { locale: d.locale } : {}),
          ...(d.languages !== undefined ? { languages: d.languages } : {}),
          ...(d.time_zone !== undefined ? { timeZone: d.time_zone } : {}),
          ...(d.estimated_users !== undefined ? { estimatedUsers: d.estimated_users } : {}),
          ...(d.accent_color !== undefined ? { accentColor: d.accent_color } : {}),
          ...(d.support_url !== undefined ? { supportUrl: d.support_url } : {}),
          ...(d.sms_sender_id !== undefined ? { smsSenderId: d.sms_sender_id } : {}),
        },
      });
      await writeAudit(tx, actor, { action: 'region.update', objectType: 'region', objectId: r.id, before: regionAuditView(before), after: regionAuditView(r) });
      return r;
    })
    .catch(regionSlugClash);
  await publishChange(`region:${row.id}`).catch(() => undefined);
  return row;
}
