'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { resetNoticeTemplate } from '@/lib/server/notice-templates/reset-notice-template';
import { saveNoticeTemplate } from '@/lib/server/notice-templates/save-notice-template';
import { resolveScope } from '@/lib/server/notice-templates/schemas';
import { attempt, type FormState } from '../../_lib/action-state';
import { text } from '../../_lib/form-data';

const pageOf = (kind: string, region: string, lang: string, incident: string) => {
  const q = new URLSearchParams({ lang, ...(incident ? { incident } : {}) });
  return `/admin/templates/notices/${encodeURIComponent(kind)}/${encodeURIComponent(region)}?${q.toString()}`;
};

export async function saveNoticeTemplateAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const scope = await resolveScope(text(fd, 'kind'), text(fd, 'region'), text(fd, 'lang'));
    await saveNoticeTemplate({ actor, scope, input: { subject: text(fd, 'subject'), body: text(fd, 'body') } });
    return { to: pageOf(text(fd, 'kind'), text(fd, 'region'), scope.lang, text(fd, 'incident')), message: 'Template saved. Notices from now on use it.' };
  });
}

export async function resetNoticeTemplateAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('responder');
    const scope = await resolveScope(text(fd, 'kind'), text(fd, 'region'), text(fd, 'lang'));
    const { reset } = await resetNoticeTemplate({ actor, scope });
    return { to: pageOf(text(fd, 'kind'), text(fd, 'region'), scope.lang, text(fd, 'incident')), message: reset ? 'Template reset: notices use the default again.' : 'This template was already the default.' };
  });
}
