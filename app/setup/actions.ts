'use server';

import { redirect } from 'next/navigation';
import { AppError } from '@/lib/server/errors';
import { AlreadySetUpError, createFirstAdmin } from '@/lib/server/setup/create-first-admin';
import type { SetupFormState } from './form-state';
import { logger } from '@/lib/server/log/logger';

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

/** The /setup form: create the first admin (and the demo, if ticked), then go to sign-in. */
export async function setupAction(_previous: SetupFormState, form: FormData): Promise<SetupFormState> {
  const values = { name: text(form, 'name'), email: text(form, 'email'), loadDemo: form.get('loadDemo') === 'on' };
  let email: string;
  try {
    const created = await createFirstAdmin({ input: { ...values, password: text(form, 'password'), confirmPassword: text(form, 'confirmPassword') } });
    email = created.email;
  } catch (error) {
    if (error instanceof AlreadySetUpError) redirect('/setup');
    if (error instanceof AppError && error.code === 'validation') {
      const fields = (error.details?.fields as Record<string, string> | null | undefined) ?? { [error.field ?? 'form']: error.message };
      return { values, errors: fields };
    }
    logger('server').error({ err: error }, 'first-run setup failed');
    return { values, errors: { form: 'Something went wrong while creating the account. Check the server log, then try again.' } };
  }
  redirect(`/admin/sign-in?email=${encodeURIComponent(email)}&setup=done`);
}
