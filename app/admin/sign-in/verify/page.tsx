import type { Metadata } from 'next';
import { safeNext } from '@/lib/server/auth/safe-next';
import { FlashMessage } from '../../_lib/flash-message';
import { firstParam, type SearchParams } from '../../_lib/search-params';
import { verifyTotpAction } from '../actions';

export const metadata: Metadata = { title: 'Two-step sign-in' };

export default async function VerifyPage({ searchParams }: { searchParams: SearchParams }) {
  const next = safeNext(firstParam((await searchParams).next));
  return (
    <section className="auth-card" aria-labelledby="verify-title">
      <h1 id="verify-title">Enter your sign-in code</h1>
      <p>Open your authenticator app and type the 6-digit code for Candor.</p>
      <FlashMessage />
      <form action={verifyTotpAction} className="stack">
        <input type="hidden" name="next" value={next} />
        <label>
          Code
          <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" maxLength={7} required autoFocus />
        </label>
        <button type="submit" className="primary">
          Verify
        </button>
      </form>
    </section>
  );
}
