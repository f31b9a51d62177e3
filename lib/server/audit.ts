import type { Actor } from './actor';
import type { Tx } from './db';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** The audit row for an entry, as stored (for writers that do not go through Prisma, e.g. restore). */
export function auditData(actor: Actor, entry: AuditEntry, now: Date = new Date()) {
  return {
    at: now,
    actorType: actor.type,
    actorId: actor.userId ?? actor.tokenId ?? null,
    actorLabel: actor.label,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId ?? null,
    ip: actor.ip ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
}

/**
 * Records a staff action. Always call it with the transaction that makes the change, so the
 * record and the change commit or fail together. The table refuses UPDATE and DELETE.
 */
export async function writeAudit(tx: Tx, actor: Actor, entry: AuditEntry, now: Date = new Date()): Promise<void> {
  await tx.auditLog.create({ data: auditData(actor, entry, now) });
}
