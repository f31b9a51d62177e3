import type { Metadata } from 'next';
import { requireStaffSession } from '@/lib/server/auth/require-staff';
import { safeNext } from '@/lib/server/auth/safe-next';
import { ActionForm } from '../../_lib/action-form';
import { firstParam, type SearchParams } from '../../_lib/search-params';
import { changePasswordAction } from '../actions';
import { PasswordFields } from '../password-fields';

export const metadata: Metadata = { title: 'Choose a password' };

/** Where a one-time password leads on first sign-in. */
export default async function ChoosePasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requireStaffSession('viewer', { allowPasswordChange: true });
  const next = safeNext(firstParam((await searchParams).next));
  return (
    <section className="auth-card" aria-labelledby="choose-title">
      <h1 id="choose-title">Choose your password</h1>
      <p>{user.mustChangePassword ? 'You signed in with a one-time password. Choose your own to continue.' : 'Change your password.'}</p>
      <ActionForm action={changePasswordAction} className="stack">
        <input type="hidden" name="next" value={next} />
        <PasswordFields currentLabel="One-time or current password" />
        <button type="submit" className="primary">
          Save and continue
        </button>
      </ActionForm>
    </section>
  );
}
