import type { Metadata } from 'next';
import Link from 'next/link';
import { safeNext } from '@/lib/server/auth/safe-next';
import { Notice } from '../_components/notice';
import { FlashMessage } from '../_lib/flash-message';
import { firstParam, type SearchParams } from '../_lib/search-params';
import { signInAction } from './actions';

export const metadata: Metadata = { title: 'Sign in' };


export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const email = (firstParam(params.email) ?? '').slice(0, 254);
  const next = safeNext(firstParam(params.next));
  return (
    <section className="auth-card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to the console</h1>
      {firstParam(params.setup) === 'done' ? <Notice kind="ok">Your admin account is ready; sign in.</Notice> : null}
      {firstParam(params.signed_out) ? <Notice kind="ok">You are signed out.</Notice> : null}
      {firstParam(params.reset) === 'done' ? <Notice kind="ok">Your password is changed; sign in with the new one.</Notice> : null}
      <FlashMessage />
      <form action={signInAction} className="stack">
        <input type="hidden" name="next" value={next} />
        <label>
          E-mail
          <input type="email" name="email" autoComplete="username" required maxLength={254} defaultValue={email} autoFocus={!email} />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required maxLength={200} autoFocus={Boolean(email)} />
        </label>
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
      <p className="muted">
        <Link href="/admin/password-reset">Forgot your password?</Link>
      </p>
    </section>
  );
}
