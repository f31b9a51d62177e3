'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { addSuppression } from '@/lib/server/suppressions/add-suppression';
import { removeSuppression } from '@/lib/server/suppressions/remove-suppression';
import { attempt, type FormState } from '../_lib/action-state';
import { text } from '../_lib/form-data';

export async function addSuppressionAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const row = await addSuppression({ actor, input: { email: text(fd, 'email'), reason: text(fd, 'reason') } });
    return { to: '/admin/suppressions', message: `${row.email} is on the suppression list; Candor sends it nothing more.` };
  });
}

export async function removeSuppressionAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    const { email } = await removeSuppression({ actor, input: { email: text(fd, 'email') } });
    return { to: '/admin/suppressions', message: `${email} removed from the suppression list; Candor mails it again.` };
  });
}
