import type { Metadata } from 'next';
import Link from 'next/link';
import { pendingConfirmation } from '@/lib/server/subscriptions/confirm-subscription';
import { CHANNEL_LABELS, type Channel } from '@/lib/channels/types';
import { confirmAction } from '../../subscribe/actions';
import { WebhookSecret } from '../../subscribe/_components/webhook-secret';
import '../../subscribe/subscribe.css';

export const metadata: Metadata = { title: 'Confirm your subscription', robots: { index: false } };
export const dynamic = 'force-dynamic';

/**
 * Opening the link changes nothing (mail scanners fetch links); the one button below confirms.
 */
export default async function ConfirmPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ failed?: string }> }) {
  const { token } = await params;
  const { failed } = await searchParams;
  const pending = failed ? null : await pendingConfirmation(token);
  const valid = pending !== null;
  const label = pending ? (CHANNEL_LABELS[pending.channel as Channel] ?? pending.channel) : '';
  return (
    <main className="sub-page">
      {valid ? (
        <>
          <h1>Confirm your subscription</h1>
          {pending && pending.channel !== 'email' ? (
            <p className="sub-lead">
              One more click and {label} notices will be posted to <strong>{pending.endpointHost}</strong>. You can change what you receive or unsubscribe at any time.
            </p>
          ) : (
            <p className="sub-lead">One more click and you will receive status notices by e-mail. You can change what you receive or unsubscribe at any time.</p>
          )}
          {pending?.secret ? <WebhookSecret secret={pending.secret} /> : null}
          <form action={confirmAction}>
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="sub-button">
              Yes, send me notices
            </button>
          </form>
        </>
      ) : (
        <>
          <h1>This link does not work</h1>
          <p className="sub-lead">The confirmation link is not valid or has expired (links work for 48 hours). Nothing was changed.</p>
          <p>
            <Link href="/subscribe">Subscribe again</Link> to get a fresh link.
          </p>
        </>
      )}
    </main>
  );
}
