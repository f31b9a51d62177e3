import type { Metadata } from 'next';
import { ActionForm } from '../../_lib/action-form';
import { completeResetAction } from '../actions';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function CompleteResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <section className="auth-card" aria-labelledby="new-pw-title">
      <h1 id="new-pw-title">Choose a new password</h1>
      <ActionForm action={completeResetAction} className="stack">
        <input type="hidden" name="token" value={token.slice(0, 200)} />
        <label>
          New password (at least 10 characters)
          <input type="password" name="password" autoComplete="new-password" required minLength={10} maxLength={200} />
        </label>
        <button type="submit" className="primary">
          Save password
        </button>
      </ActionForm>
    </section>
  );
}
