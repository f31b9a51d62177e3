import { db } from '../db';

/** Updates waiting for a second person, oldest first. */
export async function listPendingApprovals() {
  return db().incidentUpdate.findMany({
    where: { state: 'pending_approval' },
    orderBy: { createdAt: 'asc' },
    include: { incident: { select: { id: true, title: true, kind: true } }, impactChanges: { include: { component: { select: { name: true } }, region: { select: { carrier: true, product: true } } } } },
  });
}
