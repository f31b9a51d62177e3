import 'server-only';
import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { AppError } from '@/lib/server/errors';
import { setFlash } from './flash';

/** What a console form action answers when it does not navigate away: the error (with its field) or a note. */
export type FormState = { error?: string; field?: string; ok?: string; at?: number; confirm?: FormConfirm } | null;
/** A checkbox the server asks for before it goes ahead (e.g. "publish anyway" after a warning). */
export interface FormConfirm {
  name: string;
  label: string;
}

/**
 * Runs a mutation for an <ActionForm>. Success with `to` redirects there (with an optional flash);
 * success without it returns an ok note and refreshes the page, so it shows what was stored (a new
 * row in its table, say); an AppError comes back as the form's error, so the agent's input stays
 * in the form. Anything else (including sign-in redirects) propagates.
 */
export async function attempt(fn: () => Promise<{ to?: string; message?: string } | void>): Promise<FormState> {
  let to: string | undefined;
  try {
    const result = await fn();
    if (result?.to) {
      if (result.message) await setFlash({ kind: 'ok', message: result.message, path: result.to.split('?')[0] });
      to = result.to;
    } else {
      refreshPage();
      return { ok: result?.message ?? 'Saved.', at: Date.now() };
    }
  } catch (error) {
    if (error instanceof AppError) return { error: error.message, field: error.field, at: Date.now(), ...(isConfirm(error.details?.confirm) ? { confirm: error.details.confirm } : {}) };
    throw error;
  }
  redirect(to);
}

/**
 * Asks Next to re-render the page the action was posted from. Outside a Server Action (the action
 * called as a function, as tests and scripts do) there is no page to refresh, which Next reports by throwing.
 */
export function refreshPage(): void {
  try {
    refresh();
  } catch (error) {
    if (!(error instanceof Error && /only be called from within a Server Action/.test(error.message))) throw error;
  }
}

function isConfirm(value: unknown): value is FormConfirm {
  return typeof value === 'object' && value !== null && typeof (value as FormConfirm).name === 'string' && typeof (value as FormConfirm).label === 'string';
}
