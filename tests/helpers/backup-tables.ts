import { dataModelTables } from '@/lib/server/backup/data-model';
import type { DbHandle } from '@/lib/server/db';

/** Every table of the data model, each as its rows read through Prisma (so both engines give the same values), sorted. */
export async function allRows(handle: DbHandle): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of dataModelTables()) {
    const delegate = (handle.db as unknown as Record<string, { findMany(): Promise<unknown[]> }>)[t.model.charAt(0).toLowerCase() + t.model.slice(1)]!;
    const rows = await delegate.findMany();
    out[t.name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}
