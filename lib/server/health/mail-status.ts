import { readMailPause, type MailPauseState } from '@/lib/jobs/mail-pause';

// Whether mail is going out, as every process sees it (the paused workers' rows). Read by the
// console banner and /api/health; `candor doctor` reads the same rows with its own connection.

export type MailStatus = { status: 'ok' } | ({ status: 'degraded' } & MailPauseState);

export async function mailStatus(now = new Date()): Promise<MailStatus> {
  const pause = await readMailPause(now);
  return pause ? { status: 'degraded', ...pause } : { status: 'ok' };
}

/** What to do about a pause, by the step that failed. */
export function pauseAdvice(stage: string): string {
  switch (stage) {
    case 'auth':
      return 'check the user and password in SMTP_URL (or the account at the relay)';
    case 'mail_from':
      return 'check that the relay lets us send as MAIL_FROM (or the sender in the page settings)';
    case 'tls':
      return 'check the port and smtp:// or smtps:// in SMTP_URL, and the relay certificate';
    default:
      return 'check that the relay in SMTP_URL is up and reachable from this machine; sending resumes by itself when it answers';
  }
}

/** "Mail is not going out: the relay refused our login (535 5.7.8) at 14:02 UTC; 12,408 messages are waiting" */
export function describePause(p: Pick<MailPauseState, 'since' | 'reason' | 'waiting'>, now = new Date()): string {
  const iso = p.since.toISOString();
  const at = now.getTime() - p.since.getTime() < 20 * 3600_000 ? iso.slice(11, 16) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  const waiting = `${p.waiting.toLocaleString('en-US')} ${p.waiting === 1 ? 'message is' : 'messages are'} waiting`;
  return `Mail is not going out: ${p.reason} at ${at} UTC; ${waiting}`;
}
