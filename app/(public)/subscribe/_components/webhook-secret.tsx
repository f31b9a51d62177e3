/** A webhook's signing secret, shown on the page that confirms the subscription, with how receivers use it. */
export function WebhookSecret({ secret }: { secret: string }) {
  return (
    <div className="sub-secret" role="note" aria-label="Webhook signing secret">
      <p>
        <strong>Your signing secret.</strong> Every request carries <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers (Standard Webhooks); verify them with this secret. Copy it now: it is not shown again once you confirm.
      </p>
      <code className="sub-secret-value" aria-label="Signing secret" data-testid="webhook-secret">
        {secret}
      </code>
    </div>
  );
}
