import { EventEmitter } from 'node:events';
import { dbHandle } from './db';

// "Something the public can see has changed": the snapshot of public pages is rebuilt on it.
// Call publishChange after the transaction that made the change has committed.
// In this process the event fires at once; other processes learn of it through PostgreSQL
// NOTIFY, and through the content_version row that every instance polls as a fallback.

export const CHANGE_CHANNEL = 'candor_changes';
export const CONTENT_VERSION_KEY = 'content_version';

const g = globalThis as unknown as { __candorChanges?: EventEmitter };
function emitter(): EventEmitter {
  g.__candorChanges ??= new EventEmitter().setMaxListeners(50);
  return g.__candorChanges;
}

export type ChangeListener = (reason: string) => void;

export function onChange(listener: ChangeListener): () => void {
  emitter().on('change', listener);
  return () => emitter().off('change', listener);
}

/** Emits a change in this process only (used when a change arrives from another process). */
export function emitLocalChange(reason: string): void {
  emitter().emit('change', reason);
}

export async function publishChange(reason: string): Promise<void> {
  const handle = dbHandle();
  const value = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await handle.db.systemState.upsert({ where: { key: CONTENT_VERSION_KEY }, create: { key: CONTENT_VERSION_KEY, value }, update: { value } });
    if (handle.pool) await handle.pool.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, reason.slice(0, 200)]);
  } finally {
    emitLocalChange(reason);
  }
}
