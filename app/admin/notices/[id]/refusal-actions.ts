'use server';

import { revalidatePath } from 'next/cache';
import { requireStaffAction } from '@/lib/server/auth/csrf';
import { requeueRefusedDeliveries } from '@/lib/server/notices/requeue-refused';
import { attempt, type FormState } from '../../_lib/action-state';
import { text } from '../../_lib/form-data';

export async function requeueRefusedAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const id = text(fd, 'id');
    const { requeued } = await requeueRefusedDeliveries({ actor, id });
    revalidatePath(`/admin/notices/${id}`);
    return { message: requeued > 0 ? `Re-queued ${requeued.toLocaleString('en-US')} deliveries refused for policy or reputation; they go out again now.` : 'Nothing to re-queue: no delivery of this notice is refused for policy any more.' };
  });
}
