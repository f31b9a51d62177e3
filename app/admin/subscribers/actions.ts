'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { AppError } from '@/lib/server/errors';
import { importCsv, type CsvRowResult } from '@/lib/server/subscribers/import-csv';
import { deleteSubscriber } from '@/lib/server/subscribers/delete-subscriber';
import { revalidatePath } from 'next/cache';

export type ImportState = { error?: string; summary?: string; rejected?: CsvRowResult[]; at?: number } | null;

export async function importCsvAction(_prev: ImportState, fd: FormData): Promise<ImportState> {
  const actor = await requireStaffAction('responder');
  const file = fd.get('file');
  const pasted = fd.get('csv');
  try {
    const result = await importCsv({ actor, csv: file instanceof File && file.size > 0 ? file : typeof pasted === 'string' ? pasted : '' });
    revalidatePath('/admin/subscribers');
    return { summary: `Imported ${result.created} new and updated ${result.updated} subscribers; ${result.rejected} rows rejected.`, rejected: result.results.filter((r) => r.status === 'rejected'), at: Date.now() };
  } catch (e) {
    if (e instanceof AppError) return { error: e.message, at: Date.now() };
    throw e;
  }
}

export async function deleteSubscriberAction(fd: FormData): Promise<void> {
  const actor = await requireStaffAction('responder');
  const id = fd.get('id');
  if (typeof id === 'string') await deleteSubscriber({ actor, id }).catch((e: unknown) => {
    if (!(e instanceof AppError)) throw e;
  });
  revalidatePath('/admin/subscribers');
}
