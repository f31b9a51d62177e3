import type { ReactNode } from 'react';
import { describePause, mailStatus, pauseAdvice } from '@/lib/server/health/mail-status';
import { smsStatus } from '@/lib/server/health/sms-status';
import { describeOutboxWriteFailure } from '@/lib/jobs/outbox-writes';
import { outboxWriteFailureAnywhere } from '@/lib/jobs/heartbeat';

// On every console page while a channel cannot send at all: mail while a worker has paused it
// (the relay cannot take mail), texts while the SMSC cannot be used, and everything while the
// database refuses to record what a delivery worker sends (this process's, or one that reported it with its beat). The same facts /api/health gives.

function OutageBanner({ testId, headline, children }: { testId: string; headline: string; children: ReactNode }) {
  return (
    <div className="flash flash-error" role="alert" data-testid={testId}>
      <p>
        <strong>{headline}.</strong>
      </p>
      <p>{children}</p>
    </div>
  );
}

/** One banner per channel that is down, or null when every channel can send. */
export async function DeliveryBanners() {
  const [mail, sms, writes] = await Promise.all([mailStatus().catch(() => null), smsStatus().catch(() => null), outboxWriteFailureAnywhere().catch(() => null)]);
  const banners: ReactNode[] = [];
  if (writes)
    banners.push(
      <OutageBanner key="outbox" testId="outbox-writes" headline={describeOutboxWriteFailure(writes)}>
        The database answers but will not record what the delivery worker sends. Nothing is lost and nothing goes out twice: every channel waits, and sending resumes by itself once the database takes writes again. To fix it, check the free space on the database&apos;s disk, and that the database file (or the PostgreSQL role) may be written.
      </OutageBanner>,
    );
  if (mail?.status === 'degraded')
    banners.push(
      <OutageBanner key="mail" testId="mail-pause" headline={describePause(mail)}>
        The relay said: <code>{mail.reply}</code>. Nothing is lost and no delivery is charged an attempt: sending resumes by itself once the relay answers. To fix it, {pauseAdvice(mail.stage)}.
      </OutageBanner>,
    );
  if (sms?.status === 'degraded')
    banners.push(
      <OutageBanner key="sms" testId="sms-down" headline={sms.message}>
        E-mail and the other channels go on. Nothing is lost and no text is charged an attempt: texts go out by themselves once the SMSC takes them. To fix it, check the system_id, password, host and port in <code>SMS_URL</code> with the SMSC&apos;s operator.
      </OutageBanner>,
    );
  return banners.length > 0 ? <>{banners}</> : null;
}
