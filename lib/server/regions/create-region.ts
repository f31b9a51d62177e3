import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { slugify } from '../components/schemas';
import { db } from '../db';
import { AppError } from '../errors';
import { parseInput } from '../validate';
import { CreateRegionInput } from './schemas';
import { regionAuditView } from './region-fields';
import { regionSlugClash } from './slug-clash';

/** An audience: carrier, market, and the product name its customers know (Sidekick, Hiptop). */
export async function createRegion({ actor, input }: { actor: Actor; input: unknown }) {
  assertRole(actor, 'admin');
  const d = parseInput(CreateRegionInput, input);
  const slug = d.slug ?? slugify(d.name);
  if (!slug) throw new AppError('validation', 'slug: choose a slug', 'slug');
  const row = await db()
    .$transaction(async (tx) => {
      const last = await tx.region.aggregate({ _max: { position: true } });
      const r = await tx.region.create({
        data: { name: d.name, slug, carrier: d.carrier, product: d.product, market: d.market, locale: d.locale, languages: d.languages, timeZone: d.time_zone, estimatedUsers: d.estimated_users, accentColor: d.accent_color, supportUrl: d.support_url ?? null, smsSenderId: d.sms_sender_id ?? null, position: (last._max.position ?? -1) + 1 },
      });
      await writeAudit(tx, actor, { action: 'region.create', objectType: 'region', objectId: r.id, after: regionAuditView(r) });
      return r;
    })
    .catch(regionSlugClash);
  await publishChange(`region:${row.id}`).catch(() => undefined);
  return row;
}
