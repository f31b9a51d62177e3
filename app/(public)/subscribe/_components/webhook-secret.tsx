/** A webhook's signing secret, shown where the subscription is made or confirmed, with how receivers use it. */
export function WebhookSecret({ secret }: { secret: string }) {
  return (
    <div className="sub-secret" role="note" aria-label="Webhook signing secret">
      <p>
        <strong>Your signing secret.</strong> Every request carries <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers (Standard Webhooks); verify them with this secret. Copy it now: it is not shown again once you confirm.
      </p>
      <input className="sub-secret-value" readOnly value={secret} aria-label="Signing secret" spellCheck={false} />
    </div>
  );
}
