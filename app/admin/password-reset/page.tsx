import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '../_lib/action-form';
import { requestResetAction } from './actions';
import { env } from '@/lib/server/env';

export const metadata: Metadata = { title: 'Reset your password' };

export default function RequestResetPage() {
  return (
    <section className="auth-card" aria-labelledby="reset-title">
      <h1 id="reset-title">Reset your password</h1>
      <p>We will e-mail you a link to choose a new password.</p>
      {!env().smtpUrl ? (
        <p className="muted" role="note">
          This Candor sends no e-mail (SMTP_URL is not set), so a reset link cannot reach you. Ask an admin to set a one-time password for you (console: Users; command line: <code>candor users reset-password</code>).
        </p>
      ) : null}
      <ActionForm action={requestResetAction} className="stack">
        <label>
          E-mail
          <input type="email" name="email" autoComplete="username" required maxLength={254} />
        </label>
        <button type="submit" className="primary">
          Send reset link
        </button>
      </ActionForm>
      <p className="muted">
        <Link href="/admin/sign-in">Back to sign-in</Link>
      </p>
    </section>
  );
}
