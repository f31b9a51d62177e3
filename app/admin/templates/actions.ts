'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { createTemplate } from '@/lib/server/templates/create-template';
import { deleteTemplate } from '@/lib/server/templates/delete-template';
import { updateTemplate } from '@/lib/server/templates/update-template';
import { attempt, type FormState } from '../_lib/action-state';
import { text } from '../_lib/form-data';

export async function saveTemplateAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const id = text(fd, 'id');
    const input = { name: text(fd, 'name'), title: text(fd, 'title'), status: text(fd, 'status'), body: text(fd, 'body') };
    if (id) await updateTemplate({ actor, id, input });
    else await createTemplate({ actor, input });
    return { to: '/admin/templates', message: id ? 'Template saved.' : 'Template added.' };
  });
}

export async function deleteTemplateAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    await deleteTemplate({ actor, id: text(fd, 'id') });
    return { to: '/admin/templates', message: 'Template deleted.' };
  });
}
