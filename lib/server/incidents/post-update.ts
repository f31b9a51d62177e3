import type { Actor } from '../actor';
import { assertRole } from '../auth/assert-role';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { db } from '../db';
import { parseInput } from '../validate';
import { bumpIncidentVersion } from './bump-version';
import { resolveImpacts, resolveRegionBodies } from './resolve-impacts';
import { PostUpdateInput } from './schemas';
import { writeUpdate, type WrittenUpdate } from './write-update';
import { logger } from '../log/logger';

/** Posts an update that may change status, impact level and per-region impacts; `version` guards against a stale screen. */
export async function postUpdate({ actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<WrittenUpdate & { version: number }> {
  assertRole(actor, 'responder');
  const data = parseInput(PostUpdateInput, input);
  const result = await db().$transaction(async (tx) => {
    const locked = await bumpIncidentVersion(tx, data.incident_id, data.version);
    if (data.impact) {
      const before = await tx.incident.findUniqueOrThrow({ where: { id: data.incident_id }, select: { impact: true } });
      if (before.impact !== data.impact) {
        await tx.incident.update({ where: { id: data.incident_id }, data: { impact: data.impact } });
        await writeAudit(tx, actor, { action: 'incident.change_impact', objectType: 'incident', objectId: data.incident_id, before: { impact: before.impact }, after: { impact: data.impact } }, now);
      }
    }
    const changes = await resolveImpacts(tx, data.impacts);
    const published = await tx.incidentUpdate.count({ where: { incidentId: data.incident_id, state: 'published' } });
    const update = await writeUpdate(tx, {
      incidentId: data.incident_id,
      kind: locked.kind,
      actor,
      status: data.status,
      body: data.body,
      regionBodies: await resolveRegionBodies(tx, data.bodies_by_region),
      lang: data.lang,
      translations: data.translations,
      nextUpdateAt: data.next_update_at ?? null,
      changes,
      deliverNotifications: data.deliver_notifications,
      displayAt: data.display_at ?? now,
      isFirst: published === 0,
      now,
    });
    return { ...update, version: locked.version };
  });
  if (result.state === 'published') await publishChange(`incident:${data.incident_id}`).catch((e: unknown) => logger('server').warn({ err: e }, 'publishChange failed'));
  return result;
}
