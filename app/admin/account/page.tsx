import type { Metadata } from 'next';
import { requireStaffSession } from '@/lib/server/auth/require-staff';
import { formatSecret, otpauthUri } from '@/lib/server/auth/totp';
import { listSessions } from '@/lib/server/sessions/list-sessions';
import { totpStatus } from '@/lib/server/users/totp-enrolment';
import { ActionForm } from '../_lib/action-form';
import { FlashMessage } from '../_lib/flash-message';
import { When } from '../_components/labels';
import { PasswordFields } from './password-fields';
import { changePasswordAction, confirmTotpAction, disableTotpAction, signOutEverywhereAction, startTotpAction } from './actions';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const { user, sessionId } = await requireStaffSession('viewer');
  const [totp, sessions] = await Promise.all([totpStatus(user.id), listSessions(user.id)]);
  return (
    <>
      <h1>Your account</h1>
      <FlashMessage />
      <section className="panel">
        <dl className="kv">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>E-mail</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>{user.role}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="pw-title">
        <h2 id="pw-title">Change password</h2>
        <ActionForm action={changePasswordAction} className="stack">
          <input type="hidden" name="next" value="/admin/account" />
          <PasswordFields currentLabel="Current password" />
          <div>
            <button type="submit">Change password</button>
          </div>
        </ActionForm>
      </section>
      <section className="panel" aria-labelledby="totp">
        <h2 id="totp">Two-step sign-in (authenticator app)</h2>
        {totp.enabled ? (
          <>
            <p>On. Each sign-in asks for a 6-digit code from your app.</p>
            <ActionForm action={disableTotpAction} className="row">
              <label>
                Current code, to turn it off
                <input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required />
              </label>
              <button type="submit">Turn off</button>
            </ActionForm>
          </>
        ) : totp.pendingSecret ? (
          <>
            <p>Add this account to your authenticator app, then type the code it shows.</p>
            <p>Setup link (paste into apps that accept one):</p>
            <p className="secret">{otpauthUri(totp.pendingSecret, totp.email)}</p>
            <p>Or type the key by hand (time-based, 6 digits, 30 s):</p>
            <p className="secret">{formatSecret(totp.pendingSecret)}</p>
            <ActionForm action={confirmTotpAction} className="row">
              <label>
                Code from the app
                <input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required />
              </label>
              <button type="submit" className="primary">
                Turn on
              </button>
            </ActionForm>
          </>
        ) : (
          <form action={startTotpAction}>
            <p>Off. Turning it on protects your account if your password leaks.</p>
            <button type="submit">Set up two-step sign-in</button>
          </form>
        )}
      </section>
      <section className="panel" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Where you are signed in</h2>
        <ul>
          {sessions.map((s) => (
            <li key={s.id}>
              {s.id === sessionId ? <strong>This browser</strong> : (s.userAgent ?? 'Unknown browser').slice(0, 80)} · {s.ip ?? 'unknown address'} · last seen <When at={s.lastSeenAt} />
            </li>
          ))}
        </ul>
        <ActionForm action={signOutEverywhereAction}>
          <button type="submit">Sign out everywhere else</button>
        </ActionForm>
      </section>
    </>
  );
}
