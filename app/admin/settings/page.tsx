import type { Metadata } from 'next';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { getPageSettings } from '@/lib/server/settings/get-page-settings';
import { SubmitRow } from '../_components/form-fields';
import { TranslationFields } from '../_components/translation-fields';
import { ActionForm } from '../_lib/action-form';
import { FlashMessage } from '../_lib/flash-message';
import { saveSettingsAction } from './actions';
import { AVAILABLE_CHANNELS, CHANNEL_LABELS, CHANNELS, parseEnabledChannels } from '@/lib/channels/types';

export const metadata: Metadata = { title: 'Page settings' };

export default async function SettingsPage() {
  const actor = await requireStaff('viewer');
  const admin = hasRole(actor, 'admin');
  const s = await getPageSettings();
  const enabled = parseEnabledChannels(s.channels);
  return (
    <>
      <h1>Page settings</h1>
      <FlashMessage />
      {!admin ? <p className="muted">Read-only: changing settings needs the admin role.</p> : null}
      <ActionForm action={saveSettingsAction} className="stack panel" aria-label="Page settings">
        <fieldset disabled={!admin} className="stack">
          <legend>Status page</legend>
          <input type="hidden" name="version" value={s.version} />
          <div className="row">
            <label>
              Page name
              <input name="name" required maxLength={100} defaultValue={s.name} />
            </label>
            <label>
              Public URL
              <input name="public_url" type="url" required maxLength={300} defaultValue={s.publicUrl} />
            </label>
            <label>
              Default time zone
              <input name="time_zone" required maxLength={64} defaultValue={s.timeZone} />
            </label>
          </div>
          <div className="row">
            <label>
              Support e-mail
              <input name="support_email" type="email" maxLength={254} defaultValue={s.supportEmail ?? ''} />
            </label>
            <label>
              Support URL
              <input name="support_url" type="url" maxLength={300} defaultValue={s.supportUrl ?? ''} />
            </label>
          </div>
          <div className="row">
            <label>
              Brand colour
              <input name="brand_color" type="color" defaultValue={s.brandColor} />
            </label>
            <label>
              Logo text
              <input name="logo_text" maxLength={60} defaultValue={s.logoText ?? ''} />
            </label>
          </div>
          <label>
            Footer text
            <input name="footer_text" maxLength={500} defaultValue={s.footerText ?? ''} />
          </label>
          <TranslationFields kind="page" stored={s.translations} labels={{ name: 'Page name' }} />
        </fieldset>
        <fieldset disabled={!admin} className="stack">
          <legend>E-mail sender</legend>
          <div className="row">
            <label>
              From name
              <input name="mail_from_name" required maxLength={100} defaultValue={s.mailFromName} />
            </label>
            <label>
              From address
              <input name="mail_from_email" type="email" required maxLength={254} defaultValue={s.mailFromEmail} />
            </label>
          </div>
        </fieldset>
        <fieldset disabled={!admin} className="stack">
          <legend>Subscription channels</legend>
          <p className="muted">
            <input type="hidden" name="channels_shown" value="1" />
            E-mail is always offered. Tick the other ways visitors may subscribe on /subscribe and through the API.
          </p>
          <div className="check-row">
            {CHANNELS.filter((c) => c !== 'email').map((c) => (
              <label key={c} className="check">
                <input type="checkbox" name="channels" value={c} defaultChecked={enabled.includes(c)} disabled={!AVAILABLE_CHANNELS.includes(c)} />
                {AVAILABLE_CHANNELS.includes(c) ? CHANNEL_LABELS[c] : `${CHANNEL_LABELS[c]} (not available yet)`}
              </label>
            ))}
          </div>
        </fieldset>
        {admin ? (
          <SubmitRow>Save settings</SubmitRow>
        ) : null}
      </ActionForm>
    </>
  );
}
