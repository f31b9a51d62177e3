'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { updateUser } from '@/lib/server/users/update-user';
import { createUser } from '@/lib/server/users/create-user';
import { inviteUser } from '@/lib/server/users/invite-user';
import { resetTotp } from '@/lib/server/users/reset-totp';
import { setOneTimePassword } from '@/lib/server/users/set-one-time-password';
import { attempt, type FormState } from '../_lib/action-state';
import { optionalText, text } from '../_lib/form-data';

export async function inviteUserAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    const input = { email: text(fd, 'email'), name: optionalText(fd, 'name'), role: text(fd, 'role'), password: optionalText(fd, 'password') };
    // No password on screen: without one, the new member gets an e-mail link to choose their own.
    if (!input.password) {
      const invited = await inviteUser({ actor, input });
      return { to: '/admin/users', message: `Account created for ${invited.email}. An invitation with a link to choose their password (valid 7 days) is on its way.` };
    }
    const created = await createUser({ actor, input });
    return { to: '/admin/users', message: `Account created for ${created.email} with the password you chose.` };
  });
}

export async function updateUserAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    const command = text(fd, 'command');
    const id = text(fd, 'id');
    await updateUser({ actor, id, input: command === 'role' ? { role: text(fd, 'role') } : { disabled: command === 'disable' } });
    return { to: '/admin/users', message: command === 'role' ? 'Role changed.' : command === 'disable' ? 'Account disabled and signed out everywhere.' : 'Account enabled.' };
  });
}

export async function resetTotpAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    const reset = await resetTotp({ actor, input: { user_id: text(fd, 'id') } });
    const ended = `${reset.sessionsEnded} session${reset.sessionsEnded === 1 ? '' : 's'} ended`;
    return { to: '/admin/users', message: `Two-step sign-in is off for ${reset.email} (${ended}). They sign in with their password alone and can enrol a new device on their account page.` };
  });
}

export async function setOneTimePasswordAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    const set = await setOneTimePassword({ actor, input: { user_id: text(fd, 'id') } });
    return { message: `One-time password for ${set.email} (shown only now; pass it on privately, they choose their own at the next sign-in): ${set.oneTimePassword}` };
  });
}
