/** One e-mail as its reader sees it: the HTML in a sandboxed frame (no scripts, no same-origin), and the text part. */
export function MailPreview({ title, meta, subject, html, text }: { title: string; meta?: string; subject: string; html: string; text: string }) {
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
    </article>
  );
}
