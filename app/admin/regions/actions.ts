'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { createRegion } from '@/lib/server/regions/create-region';
import { moveRegion } from '@/lib/server/regions/move-region';
import { updateRegion } from '@/lib/server/regions/update-region';
import { attempt, type FormState } from '../_lib/action-state';
import { intOrUndefined, optionalText, text } from '../_lib/form-data';

const regionInput = (fd: FormData) => ({
  name: text(fd, 'name'),
  slug: optionalText(fd, 'slug'),
  carrier: text(fd, 'carrier'),
  product: text(fd, 'product'),
  market: text(fd, 'market'),
  locale: text(fd, 'locale') || undefined,
  languages: text(fd, 'languages'),
  time_zone: text(fd, 'time_zone'),
  estimated_users: intOrUndefined(fd, 'estimated_users'),
  accent_color: text(fd, 'accent_color') || undefined,
  support_url: text(fd, 'support_url'),
  sms_sender_id: text(fd, 'sms_sender_id'),
});

export async function saveRegionAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    const id = text(fd, 'id');
    if (id) await updateRegion({ actor, ref: id, input: { ...regionInput(fd), version: text(fd, 'version') } });
    else await createRegion({ actor, input: regionInput(fd) });
    return { to: '/admin/regions', message: id ? 'Region saved.' : 'Region added.' };
  });
}

export async function moveRegionAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    await moveRegion({ actor, id: text(fd, 'id'), direction: text(fd, 'command') === 'up' ? 'up' : 'down' });
    return { to: '/admin/regions' };
  });
}
