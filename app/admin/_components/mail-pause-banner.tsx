import { describePause, mailStatus, pauseAdvice } from '@/lib/server/health/mail-status';

/** On every console page while a worker has paused sending because the relay cannot take mail. */
export async function MailPauseBanner() {
  const mail = await mailStatus().catch(() => null);
  if (!mail || mail.status === 'ok') return null;
  return (
    <div className="flash flash-error" role="alert" data-testid="mail-pause">
      <p>
        <strong>{describePause(mail)}.</strong>
      </p>
      <p>
        The relay said: <code>{mail.reply}</code>. Nothing is lost and no delivery is charged an attempt: sending resumes by itself once the relay answers. To fix it, {pauseAdvice(mail.stage)}.
      </p>
    </div>
  );
}
