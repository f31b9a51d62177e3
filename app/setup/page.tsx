import type { Metadata } from 'next';
import Link from 'next/link';
import { needsFirstAdmin } from '@/lib/server/setup/setup-state';
import { SetupForm } from './setup-form';
import './setup.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Set up Candor', robots: { index: false } };

export default async function SetupPage() {
  const open = await needsFirstAdmin();
  return (
    <main className="setup">
      <div className="setup-card">
        <p className="setup-brand" aria-hidden="true">
          Candor
        </p>
        {open ? (
          <>
            <h1>Set up Candor</h1>
            <p className="setup-intro">
              Create the first admin account. You can add more staff later from the console or with <code>candor users create</code>.
            </p>
            <SetupForm />
          </>
        ) : (
          <>
            <h1>Candor is already set up</h1>
            <p className="setup-intro">A staff account exists, so this page cannot create another first admin. Staff sign in to the console; an admin can add accounts there.</p>
            <p className="setup-actions">
              <Link className="setup-button" href="/admin/sign-in">
                Staff sign-in
              </Link>
              <Link href="/">View the status page</Link>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
