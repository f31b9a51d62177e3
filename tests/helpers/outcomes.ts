import { AppError } from '@/lib/server/errors';

/** Settles every promise and counts the outcomes: 'ok' or the AppError code; anything else is rethrown. */
export async function outcomes(promises: Promise<unknown>[]): Promise<{ counts: Record<string, number>; errors: AppError[] }> {
  const settled = await Promise.allSettled(promises);
  const counts: Record<string, number> = {};
  const errors: AppError[] = [];
  for (const s of settled) {
    if (s.status === 'rejected' && !(s.reason instanceof AppError)) throw s.reason;
    const key = s.status === 'fulfilled' ? 'ok' : (s.reason as AppError).code;
    if (s.status === 'rejected') errors.push(s.reason as AppError);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { counts, errors };
}
