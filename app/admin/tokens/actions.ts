'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { revokeApiToken } from '@/lib/server/tokens/revoke-api-token';
import { attempt, type FormState } from '../_lib/action-state';
import { text } from '../_lib/form-data';

export async function createTokenAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    // A token may act only for its creator: acting for someone else would let one person be both halves of the two-person rule.
    // Acting for nobody is an explicit choice; anything else (including a missing field) acts for the creator.
    const actsForMe = text(fd, 'acts_for') !== 'nobody';
    const t = await createApiToken({ actor, input: { name: text(fd, 'name'), role: text(fd, 'role'), userId: actsForMe ? actor.userId : undefined } });
    return { message: `Token "${t.name}" (${t.role}) created. Copy it now; it is shown only once: ${t.token}` };
  });
}

export async function revokeTokenAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    await revokeApiToken({ actor, id: text(fd, 'id') });
    return { to: '/admin/tokens', message: 'Token revoked; it stops working at once.' };
  });
}
