import type { SmsPreview } from '@/lib/server/notices/preview-notice';
import { ChannelCard, SmsCard } from './channel-card';

/** One e-mail as its reader sees it: the HTML in a sandboxed frame (no scripts, no same-origin), the text part, the text message, and how each other channel reads. */
export function MailPreview({ title, meta, subject, html, text, channels = [], sms = null }: { title: string; meta?: string; subject: string; html: string; text: string; channels?: { channel: string; label: string; body: string }[]; sms?: SmsPreview | null }) {
  return (
    <article className="mail-preview" aria-label={`Preview: ${title}`}>
      <header>
        <p>
          <strong>{title}</strong>
          {meta ? <span className="muted"> · {meta}</span> : null}
        </p>
        <p>
          Subject: <strong>{subject}</strong>
        </p>
      </header>
      <iframe title={`E-mail preview: ${title}`} srcDoc={html} sandbox="" referrerPolicy="no-referrer" />
      <details>
        <summary>Plain-text part</summary>
        <pre>{text}</pre>
      </details>
      {sms ? <SmsCard sms={sms} /> : null}
      {channels.map((c) => (
        <ChannelCard key={c.channel} {...c} />
      ))}
    </article>
  );
}
