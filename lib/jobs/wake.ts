import { EventEmitter } from 'node:events';
import { dbHandle } from '@/lib/server/db';

// "There is mail to send": wakes delivery workers at once. In this process through an event;
// other processes (candor worker on PostgreSQL) through NOTIFY. Workers also poll as a fallback.

export const OUTBOX_CHANNEL = 'candor_outbox';

const g = globalThis as unknown as { __candorOutbox?: EventEmitter };
export function outboxEvents(): EventEmitter {
  g.__candorOutbox ??= new EventEmitter().setMaxListeners(50);
  return g.__candorOutbox;
}

export async function wakeWorkers(reason = 'work'): Promise<void> {
  outboxEvents().emit('wake', reason);
  const pool = dbHandle().pool;
  if (pool) await pool.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, reason.slice(0, 100)]).catch(() => undefined);
}
