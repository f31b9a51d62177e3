'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { createComponent } from '@/lib/server/components/create-component';
import { deleteComponent } from '@/lib/server/components/delete-component';
import { moveComponent } from '@/lib/server/components/move-component';
import { updateComponent } from '@/lib/server/components/update-component';
import { createGroup } from '@/lib/server/groups/create-group';
import { deleteGroup } from '@/lib/server/groups/delete-group';
import { moveGroup } from '@/lib/server/groups/move-group';
import { updateGroup } from '@/lib/server/groups/update-group';
import { attempt, type FormState } from '../_lib/action-state';
import { checkbox, optionalText, text, translationsFrom } from '../_lib/form-data';

const componentInput = (fd: FormData) => ({
  name: text(fd, 'name'),
  slug: optionalText(fd, 'slug'),
  description: text(fd, 'description'),
  group: text(fd, 'group') || null,
  data_kind: text(fd, 'data_kind') || null,
  showcase: checkbox(fd, 'showcase'),
  only_show_if_degraded: checkbox(fd, 'only_show_if_degraded'),
  translations: translationsFrom(fd),
});

export async function createComponentAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    const c = await createComponent({ actor, input: componentInput(fd) });
    return { to: '/admin/components', message: `Component "${c.name}" added.` };
  });
}

export async function updateComponentAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    await updateComponent({ actor, ref: text(fd, 'id'), input: { ...componentInput(fd), status: text(fd, 'status'), version: text(fd, 'version') } });
    return { to: '/admin/components', message: 'Component saved.' };
  });
}

export async function componentCommandAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    const id = text(fd, 'id');
    const command = text(fd, 'command');
    if (command === 'delete') await deleteComponent({ actor, ref: id });
    else await moveComponent({ actor, id, direction: command === 'up' ? 'up' : 'down' });
    return { to: '/admin/components', message: command === 'delete' ? 'Component deleted.' : undefined };
  });
}

export async function saveGroupAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    const input = { name: text(fd, 'name'), slug: optionalText(fd, 'slug'), description: text(fd, 'description'), translations: translationsFrom(fd) };
    const id = text(fd, 'id');
    if (id) await updateGroup({ actor, id, input });
    else await createGroup({ actor, input });
    return { to: '/admin/components', message: id ? 'Group saved.' : 'Group added.' };
  });
}

export async function groupCommandAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    const id = text(fd, 'id');
    const command = text(fd, 'command');
    if (command === 'delete') await deleteGroup({ actor, id });
    else await moveGroup({ actor, id, direction: command === 'up' ? 'up' : 'down' });
    return { to: '/admin/components', message: command === 'delete' ? 'Group deleted; its components are now ungrouped.' : undefined };
  });
}
