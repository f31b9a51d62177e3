'use client';

import Link from 'next/link';

// Server errors reach the browser without their message in production; the 403 thrown by
// requireStaff carries a known digest so it can be explained here.
export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  if (error.digest === 'CANDOR_FORBIDDEN') {
    return (
      <section className="panel" aria-labelledby="forbidden-title">
        <h1 id="forbidden-title">403: not allowed for your role</h1>
        <p>Your role does not allow this page or change. Ask an admin if you need more access.</p>
        <p>
          <Link href="/admin">Back to the console</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="error-title">
      <h1 id="error-title">Something went wrong</h1>
      <p>The console could not finish this request.{error.digest ? ` Reference: ${error.digest}.` : ''}</p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </p>
    </section>
  );
}
