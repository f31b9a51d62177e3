// The incident lifecycle, as pure functions: which statuses a kind may use, the current status
// and impact derived from published updates (by displayAt, ties by createdAt, so a back-dated
// update never wins), the two-person rule for "data lost", and what resolving does.

import { pickImpact, type ImpactCell, type IncidentStatus } from './status';

export type IncidentKind = 'outage' | 'degradation' | 'data_loss' | 'maintenance';
export type UpdateState = 'published' | 'pending_approval' | 'rejected';
export type NoticeKindChoice = 'initial' | 'update' | 'data_loss' | 'recovery' | 'resolved' | 'maintenance';

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const satisfies readonly IncidentStatus[];
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const satisfies readonly IncidentStatus[];
const CLOSED: ReadonlySet<IncidentStatus> = new Set(['resolved', 'postmortem', 'completed']);

export function statusesFor(kind: IncidentKind): readonly IncidentStatus[] {
  return kind === 'maintenance' ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
}

export function isAllowedStatus(kind: IncidentKind, status: IncidentStatus): boolean {
  return statusesFor(kind).includes(status);
}

export const isClosedStatus = (status: IncidentStatus): boolean => CLOSED.has(status);

/** The status a kind closes with: resolved for incidents, completed for maintenance. */
export const closingStatus = (kind: IncidentKind): IncidentStatus => (kind === 'maintenance' ? 'completed' : 'resolved');

export type ImpactValue = ImpactCell;
export { pickImpact };

export interface UpdateLike {
  status: IncidentStatus;
  state: UpdateState;
  displayAt: Date;
  createdAt: Date;
  impactChanges?: ImpactValue[];
}

/** Just the impact fields (rows from the database carry more). */

const impactKey = (i: { componentId: string; regionId: string }) => `${i.componentId}\u0000${i.regionId}`;

/** Published updates in timeline order: displayAt, then createdAt (the later-written wins a tie). */
export function publishedInOrder<U extends UpdateLike>(updates: readonly U[]): U[] {
  return updates
    .filter((u) => u.state === 'published')
    .sort((a, b) => a.displayAt.getTime() - b.displayAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
}

export interface DerivedState {
  status: IncidentStatus;
  identifiedAt: Date | null;
  monitoringAt: Date | null;
  /** When it last became closed (resolved/completed); null while open. */
  resolvedAt: Date | null;
  impacts: ImpactValue[];
}

/**
 * Replays published updates in timeline order. `fallbackStatus` is used when nothing is
 * published yet (e.g. a first update still waiting for approval).
 */
export function deriveIncidentState(updates: readonly UpdateLike[], fallbackStatus: IncidentStatus): DerivedState {
  let status = fallbackStatus;
  let identifiedAt: Date | null = null;
  let monitoringAt: Date | null = null;
  let resolvedAt: Date | null = null;
  const impacts = new Map<string, ImpactValue>();
  let previous: IncidentStatus | null = null;
  for (const u of publishedInOrder(updates)) {
    if (u.status === 'identified' && !identifiedAt) identifiedAt = u.displayAt;
    if ((u.status === 'monitoring' || u.status === 'verifying') && !monitoringAt) monitoringAt = u.displayAt;
    if (!isClosedStatus(u.status)) resolvedAt = null;
    else if (previous === null || !isClosedStatus(previous)) resolvedAt = u.displayAt;
    previous = u.status;
    status = u.status;
    for (const c of u.impactChanges ?? []) impacts.set(impactKey(c), pickImpact(c));
  }
  return { status, identifiedAt, monitoringAt, resolvedAt, impacts: [...impacts.values()] };
}

/** Merges an update's changes into the current impact list (new cells are added). */
export function applyImpactChanges(current: readonly ImpactValue[], changes: readonly ImpactValue[]): ImpactValue[] {
  const map = new Map(current.map((i) => [impactKey(i), { ...i }]));
  for (const c of changes) map.set(impactKey(c), { ...c });
  return [...map.values()];
}

/**
 * Two-person rule: an update that newly declares data lost for any component in any region
 * needs a second staff member's approval before it is published or mailed.
 */
export function needsDataLossApproval(current: readonly ImpactValue[], changes: readonly ImpactValue[]): boolean {
  const before = new Map(current.map((i) => [impactKey(i), i.dataState]));
  return changes.some((c) => c.dataState === 'lost' && before.get(impactKey(c)) !== 'lost');
}

/**
 * Whether `approverId` may approve what `authorId` wrote: two different people. Something with no
 * person as author (a token that acts for no user) has no first person, so nobody may approve it.
 */
export function mayApprove(authorId: string | null, approverId: string | undefined): boolean {
  return Boolean(authorId) && Boolean(approverId) && approverId !== authorId;
}

/** Resolving sets every affected cell operational; data states stay as they are unless changed. */
export function resolutionChanges(current: readonly ImpactValue[], explicit: readonly ImpactValue[] = []): ImpactValue[] {
  return applyImpactChanges(current, explicit).map((i) => ({ ...i, status: 'operational' as const }));
}

/** Which notice an update sends (when notifications are on). */
export function noticeKindFor(args: { kind: IncidentKind; isFirst: boolean; status: IncidentStatus; current: readonly ImpactValue[]; changes: readonly ImpactValue[] }): NoticeKindChoice {
  if (needsDataLossApproval(args.current, args.changes)) return 'data_loss';
  if (args.kind === 'maintenance') return 'maintenance';
  if (args.isFirst) return 'initial';
  if (isClosedStatus(args.status)) return 'resolved';
  const before = new Map(args.current.map((i) => [impactKey(i), i.dataState]));
  const recovering = args.changes.some((c) => (c.dataState === 'recovering' || c.dataState === 'restored') && before.get(impactKey(c)) !== c.dataState);
  return recovering ? 'recovery' : 'update';
}
