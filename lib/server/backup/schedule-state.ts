import { ScheduleState, initialSchedule } from '@/lib/domain/backup-schedule';
import { isUniqueViolation } from '../api/respond';
import type { DbHandle } from '../db';

// The schedule's one SystemState row, read and replaced whole. A change is written only if the row
// still holds the value it was computed from (UPDATE ... WHERE value = <what was read>): two
// instances that read the same row cannot both write, on PostgreSQL (the second UPDATE waits for
// the first and then finds the value changed) as on SQLite (writes are serialised).

export const BACKUP_SCHEDULE_KEY = 'backup_schedule';

export interface StoredSchedule {
  state: ScheduleState;
  /** The row's text as read: the precondition of the next write. */
  raw: string;
}

/** The row, or null before any instance scheduled a backup. An unreadable row is started afresh (it holds no data). */
export async function readSchedule(handle: DbHandle): Promise<StoredSchedule | null> {
  const row = await handle.db.systemState.findUnique({ where: { key: BACKUP_SCHEDULE_KEY } });
  if (!row) return null;
  const parsed = ScheduleState.safeParse(safeJson(row.value));
  return { state: parsed.success ? parsed.data : initialSchedule(row.updatedAt), raw: row.value };
}

/** The row, created (due at once) when missing. */
export async function readOrCreateSchedule(handle: DbHandle, now: Date, intervalMs: number): Promise<StoredSchedule> {
  const found = await readSchedule(handle);
  if (found) return found;
  const state = initialSchedule(now, intervalMs);
  const raw = JSON.stringify(state);
  try {
    await handle.db.systemState.create({ data: { key: BACKUP_SCHEDULE_KEY, value: raw } });
    return { state, raw };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return (await readSchedule(handle))!;
}

/** Writes `next` if the row still holds `read`; false when another instance changed it first. */
export async function replaceSchedule(handle: DbHandle, read: StoredSchedule, next: ScheduleState): Promise<StoredSchedule | null> {
  const raw = JSON.stringify(next);
  const { count } = await handle.db.systemState.updateMany({ where: { key: BACKUP_SCHEDULE_KEY, value: read.raw }, data: { value: raw } });
  return count === 1 ? { state: next, raw } : null;
}

export function safeJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
