/** One e-mail as its reader sees it: the HTML in a sandboxed frame (no scripts, no same-origin), the text part, and what each other channel posts. */
export function MailPreview({ title, meta, subject, html, text, channels = [] }: { title: string; meta?: string; subject: string; html: string; text: string; channels?: { channel: string; label: string; body: string }[] }) {
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
      {channels.map((c) => (
        <details key={c.channel} data-channel={c.channel}>
          <summary>{c.label}: what is posted</summary>
          <pre>{c.body}</pre>
        </details>
      ))}
    </article>
  );
}
