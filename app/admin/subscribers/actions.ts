'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { AppError } from '@/lib/server/errors';
import { importSubscribers, type ImportRowResult } from '@/lib/server/subscribers/import-subscribers';
import { CSV_MAX_BYTES, csvToSubscriberRows } from '@/lib/server/subscribers/parse-csv';
import { deleteSubscriber } from '@/lib/server/subscribers/delete-subscriber';
import { revalidatePath } from 'next/cache';

export type ImportState = { error?: string; summary?: string; rejected?: ImportRowResult[]; at?: number } | null;

export async function importCsvAction(_prev: ImportState, fd: FormData): Promise<ImportState> {
  const actor = await requireStaffAction('responder');
  const file = fd.get('file');
  const pasted = fd.get('csv');
  let text = typeof pasted === 'string' ? pasted : '';
  if (file instanceof File && file.size > 0) {
    if (file.size > CSV_MAX_BYTES) return { error: `The file is larger than ${CSV_MAX_BYTES / 1_000_000} MB.`, at: Date.now() };
    text = await file.text();
  }
  if (!text.trim()) return { error: 'Choose a CSV file or paste CSV text.', at: Date.now() };
  if (text.length > CSV_MAX_BYTES) return { error: `The CSV is larger than ${CSV_MAX_BYTES / 1_000_000} MB.`, at: Date.now() };
  const { rows, error } = csvToSubscriberRows(text);
  if (error) return { error, at: Date.now() };
  try {
    const result = await importSubscribers({ actor, rows, source: 'csv' });
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
