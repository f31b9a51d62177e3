import type { Metadata } from 'next';
import Link from 'next/link';
import { AppError } from '@/lib/server/errors';
import { getSubscription, type SubscriptionView } from '@/lib/server/subscriptions/manage-subscription';
import { subscriptionOptions } from '@/lib/server/subscriptions/subscription-options';
import { saveSubscriptionAction, subscriptionStateAction } from '../../subscribe/actions';
import { PrefsFields } from '../../subscribe/_components/prefs-fields';
import { PublicForm } from '../../subscribe/_components/public-form';
import { CHANNEL_LABELS, type Channel } from '@/lib/channels/types';
import '../../subscribe/subscribe.css';

export const metadata: Metadata = { title: 'Your e-mail notices', robots: { index: false } };
export const dynamic = 'force-dynamic';

export default async function ManagePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ confirmed?: string; unsubscribed?: string; done?: string }> }) {
  const { token } = await params;
  const { confirmed, unsubscribed, done } = await searchParams;
  let sub: SubscriptionView | null = null;
  try {
    sub = await getSubscription({ token });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  if (!sub) {
    return (
      <main className="sub-page">
        <h1>This link does not work</h1>
        <p className="sub-lead">The link is not valid. Use the &ldquo;Manage your notices&rdquo; link from your most recent e-mail, or subscribe again.</p>
        <p>
          <Link href="/subscribe">Subscribe</Link>
        </p>
      </main>
    );
  }
  const options = await subscriptionOptions();
  const state = sub.unsubscribed ? 'unsubscribed' : sub.disabledAt ? 'switched off' : !sub.confirmed ? 'not confirmed yet' : sub.paused ? 'paused' : 'active';
  // What the last action did, said only while it is still what is stored (a later change elsewhere wins).
  const doneNote = done === 'saved' && !sub.unsubscribed ? 'Saved. Your choices apply to the next notice.' : done === 'pause' && sub.paused ? 'Paused: no notices until you resume.' : done === 'resume' && !sub.paused && !sub.unsubscribed ? 'Resumed: notices will reach you again.' : done === 'resubscribe' && !sub.unsubscribed ? 'Welcome back: you are subscribed again.' : null;
  const stored = { regions: sub.regions, components: sub.components, noticeKinds: sub.noticeKinds, timeZone: sub.timeZone };
  return (
    <main className="sub-page">
      <p className="sub-back">
        <Link href="/">← {options.brand}</Link>
      </p>
      <h1>Your e-mail notices</h1>
      {confirmed ? (
        <p className="sub-flash sub-flash-ok" role="status">
          Thank you: your subscription is confirmed.
        </p>
      ) : null}
      {unsubscribed && sub.unsubscribed ? (
        <p className="sub-flash sub-flash-ok" role="status">
          You are unsubscribed and will get no more notices. This page has a new address; links in earlier e-mails no longer open it. Bookmark it if you might subscribe again.
        </p>
      ) : null}
      {doneNote ? (
        <p className="sub-flash sub-flash-ok" role="status">
          {doneNote}
        </p>
      ) : null}
      <div className="sub-card">
        {sub.channel === 'email' ? (
          <p>
            Notices go to <strong>{sub.email}</strong>.
          </p>
        ) : sub.channel === 'sms' ? (
          <p>
            Notices are texted to <strong>{sub.phoneNumber}</strong> (reply STOP to any of them to end them); the contact is <strong>{sub.email}</strong>.
          </p>
        ) : (
          <p>
            {CHANNEL_LABELS[sub.channel as Channel] ?? sub.channel} notices are posted to <strong>{sub.endpointHost}</strong>; the contact is <strong>{sub.email}</strong>.
          </p>
        )}
        {sub.disabledAt ? (
          <p className="sub-flash sub-flash-error" role="alert">
            Switched off on {sub.disabledAt.toUTCString()}: the endpoint kept failing ({sub.disabledReason}). Subscribe it again once it works.
          </p>
        ) : null}
        <p>
          Status: <strong data-testid="subscription-state">{state}</strong>
        </p>
        <PublicForm action={subscriptionStateAction} className="sub-actions" label="Pause or unsubscribe">
          <input type="hidden" name="token" value={token} />
          {sub.unsubscribed ? (
            <button type="submit" name="intent" value="resubscribe" className="sub-button">
              Subscribe again
            </button>
          ) : (
            <>
              {sub.paused ? (
                <button type="submit" name="intent" value="resume" className="sub-button sub-button-quiet">
                  Resume notices
                </button>
              ) : (
                <button type="submit" name="intent" value="pause" className="sub-button sub-button-quiet">
                  Pause notices
                </button>
              )}
              <button type="submit" name="intent" value="unsubscribe" className="sub-button sub-button-danger">
                Unsubscribe
              </button>
            </>
          )}
        </PublicForm>
      </div>
      {sub.unsubscribed ? null : (
        <section className="sub-section" aria-labelledby="choices">
          <h2 id="choices">What you receive</h2>
          {/* Keyed by what is stored: after a save the fields are rebuilt from the database, never left as typed. */}
          <PublicForm key={JSON.stringify(stored)} action={saveSubscriptionAction} className="sub-form" label="Your choices">
            <input type="hidden" name="token" value={token} />
            <PrefsFields options={options} value={stored} />
            <button type="submit" className="sub-button">
              Save choices
            </button>
          </PublicForm>
        </section>
      )}
    </main>
  );
}
