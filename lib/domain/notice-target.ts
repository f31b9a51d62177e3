import { isClosedStatus } from './incident-lifecycle';
import type { IncidentStatus } from './status';

export interface NoticeTargetLike {
  id: string;
  kind: string;
  status: IncidentStatus;
  startedAt: Date;
}

/**
 * The incident a new notice is about by default: the one the agent came from (`?incident=`) if it
 * exists, else the most recently started active incident (open, not maintenance, already started
 * at `now`), else the newest of all. Empty when there is none.
 */
export function defaultNoticeIncident(targets: readonly NoticeTargetLike[], requested: string | undefined, now: Date): string {
  if (requested && targets.some((t) => t.id === requested)) return requested;
  const newestFirst = [...targets].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  const active = newestFirst.find((t) => t.kind !== 'maintenance' && !isClosedStatus(t.status) && t.startedAt.getTime() <= now.getTime());
  return (active ?? newestFirst[0])?.id ?? '';
}
