'use server';

import { requireStaffAction } from '@/lib/server/auth/csrf';
import { updatePageSettings } from '@/lib/server/settings/update-page-settings';
import { attempt, type FormState } from '../_lib/action-state';
import { text, translationsFrom } from '../_lib/form-data';

const FIELDS = ['version', 'name', 'public_url', 'time_zone', 'support_email', 'support_url', 'brand_color', 'logo_text', 'footer_text', 'mail_from_name', 'mail_from_email'] as const;

export async function saveSettingsAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return attempt(async () => {
    const actor = await requireStaffAction('admin');
    // The channel boxes are read only when the form has them (an unticked box sends nothing).
    const channels = fd.get('channels_shown') ? fd.getAll('channels').filter((v): v is string => typeof v === 'string') : undefined;
    await updatePageSettings({ actor, input: { ...Object.fromEntries(FIELDS.map((f) => [f, text(fd, f)])), ...(channels ? { channels } : {}), translations: translationsFrom(fd) } });
    return { to: '/admin/settings', message: 'Settings saved.' };
  });
}
