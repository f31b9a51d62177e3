import { isAllowedStatus, needsDataLossApproval, noticeKindFor, type ImpactValue, type IncidentKind } from '@/lib/domain/incident-lifecycle';
import type { IncidentStatus } from '@/lib/generated/postgresql/enums';
import type { z } from 'zod';
import { DEFAULT_LANG, type Lang } from '@/lib/i18n/languages';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import type { Tx } from '../db';
import { AppError } from '../errors';
import { queueNotice } from '../notices/queue-notice';
import { authorOf, personRequired } from './author';
import { currentImpacts, recomputeIncident } from './recompute-incident';
import type { TranslationFields } from './schemas';
import { writeTranslation } from './translate-update';

export interface WriteUpdateArgs {
  incidentId: string;
  kind: IncidentKind;
  actor: Actor;
  status: IncidentStatus;
  body: string;
  /** Texts per region id (non-empty only), read there instead of `body`. */
  regionBodies?: Record<string, string>;
  /** The language it is written in, and its translations into others. */
  lang?: Lang;
  translations?: z.output<typeof TranslationFields>[];
  nextUpdateAt?: Date | null;
  changes: ImpactValue[];
  deliverNotifications: boolean;
  displayAt: Date;
  isFirst: boolean;
  now: Date;
}

export interface WrittenUpdate {
  id: string;
  state: 'published' | 'pending_approval';
  noticeId: string | null;
}

/**
 * Adds one update to the timeline inside the caller's transaction: an update that newly
 * declares data lost waits for a second person (and so must have a person as author); otherwise it is published, the cached status
 * and impacts are re-derived, and its notice is queued when notifications are on.
 */
export async function writeUpdate(tx: Tx, a: WriteUpdateArgs): Promise<WrittenUpdate> {
  if (!isAllowedStatus(a.kind, a.status)) throw new AppError('validation', `status: "${a.status}" is not a status for ${a.kind === 'maintenance' ? 'maintenance' : 'an incident'}`, 'status');
  if (a.displayAt.getTime() > a.now.getTime() + 60_000) throw new AppError('validation', 'display_at: cannot be in the future', 'display_at');
  const nextUpdateAt = a.nextUpdateAt ?? null;
  if (nextUpdateAt && nextUpdateAt.getTime() <= a.displayAt.getTime()) throw new AppError('validation', 'next_update_at: must be later than the update itself', 'next_update_at');
  const regionBodies = Object.entries(a.regionBodies ?? {});
  const before = await currentImpacts(tx, a.incidentId);
  const pending = needsDataLossApproval(before, a.changes);
  const author = await authorOf(tx, a.actor);
  if (pending && !author.authorId) throw personRequired('An update that declares data lost');
  const update = await tx.incidentUpdate.create({
    data: {
      incidentId: a.incidentId,
      status: a.status,
      body: a.body,
      lang: a.lang ?? DEFAULT_LANG,
      ...author,
      displayAt: a.displayAt,
      deliverNotifications: a.deliverNotifications,
      nextUpdateAt,
      state: pending ? 'pending_approval' : 'published',
      createdAt: a.now,
      impactChanges: { create: a.changes.map((c) => ({ componentId: c.componentId, regionId: c.regionId, status: c.status, dataState: c.dataState, affectedUsers: c.affectedUsers, restoredUsers: c.restoredUsers })) },
      // Kept with the update itself, so a pending update publishes its per-region texts on approval.
      regionBodies: { create: regionBodies.map(([regionId, body]) => ({ regionId, body })) },
    },
  });
  await writeAudit(tx, a.actor, { action: pending ? 'incident_update.submit_for_approval' : 'incident_update.publish', objectType: 'incident_update', objectId: update.id, after: { incidentId: a.incidentId, status: a.status, body: a.body, bodiesByRegion: Object.fromEntries(regionBodies), nextUpdateAt: nextUpdateAt?.toISOString() ?? null, displayAt: a.displayAt.toISOString(), deliverNotifications: a.deliverNotifications, impacts: a.changes } }, a.now);
  const langs = (a.translations ?? []).map((t) => t.lang);
  const twice = langs.find((l, i) => langs.indexOf(l) !== i);
  if (twice) throw new AppError('validation', `translations: two translations into ${twice}`, 'translations');
  for (const t of a.translations ?? []) await writeTranslation(tx, a.actor, { id: update.id, lang: a.lang ?? DEFAULT_LANG, ownTextRegionIds: regionBodies.map(([regionId]) => regionId) }, t, a.now);
  if (pending) return { id: update.id, state: 'pending_approval', noticeId: null };
  await recomputeIncident(tx, a.incidentId);
  let noticeId: string | null = null;
  if (a.deliverNotifications) {
    const kind = noticeKindFor({ kind: a.kind, isFirst: a.isFirst, status: a.status, current: before, changes: a.changes });
    noticeId = (await queueNotice(tx, { incidentId: a.incidentId, kind, actor: a.actor, updateId: update.id, dedupeKey: `update:${update.id}` }, a.now)).id;
  }
  return { id: update.id, state: 'published', noticeId };
}
