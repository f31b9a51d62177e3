'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { translateUpdate } from '@/lib/server/incidents/translate-update';
import { attempt, type FormState } from '../_lib/action-state';
import { bodiesByRegionFrom, text } from '../_lib/form-data';

export async function translateUpdateAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const { changed, incidentId } = await translateUpdate({ actor, input: { update_id: text(fd, 'update_id'), lang: text(fd, 'lang'), body: text(fd, 'body'), bodies_by_region: bodiesByRegionFrom(fd) } });
    return { to: `/admin/incidents/${incidentId}`, message: changed ? 'Translation saved: readers of that language get it from now on.' : 'That translation was already saved.' };
  });
}
