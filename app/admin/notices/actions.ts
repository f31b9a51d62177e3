'use server';

import { revalidatePath } from 'next/cache';
import { requireStaffAction } from '@/lib/server/auth/csrf';
import { createNotice } from '@/lib/server/notices/create-notice';
import { approveNotice } from '@/lib/server/notices/approve-notice';
import { setNoticeState } from '@/lib/server/notices/set-notice-state';
import { attempt, type FormState } from '../_lib/action-state';
import { text } from '../_lib/form-data';

export async function createNoticeAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const confirmed = text(fd, 'confirmed_audience');
    const input = { incident: text(fd, 'incident'), kind: text(fd, 'kind'), subject: text(fd, 'subject') || undefined, body: text(fd, 'body') || undefined, confirmed_audience: confirmed || undefined };
    const created = await createNotice({ actor, input, requireConfirmation: true });
    return { to: `/admin/notices/${created.id}`, message: created.status === 'pending_approval' ? 'Saved. A data-loss notice needs a second staff member to approve it before anything is sent.' : 'Queued: sending starts now.' };
  });
}

export async function noticeStateAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const id = text(fd, 'id');
    const intent = text(fd, 'intent');
    revalidatePath(`/admin/notices/${id}`);
    if (intent === 'approve') {
      await approveNotice({ actor, id });
      return { message: 'Approved: sending starts now.' };
    }
    if (intent !== 'pause' && intent !== 'resume' && intent !== 'cancel') return { message: 'Nothing to do.' };
    await setNoticeState({ actor, id, action: intent });
    return { message: { pause: 'Paused. Messages in flight finish; nothing else leaves until you resume.', resume: 'Resumed.', cancel: 'Canceled. Waiting deliveries will not be sent.' }[intent] };
  });
}
