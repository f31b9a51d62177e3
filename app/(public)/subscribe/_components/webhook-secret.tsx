import type { Translator } from '@/lib/i18n/t';

/** A webhook's signing secret, shown on the page that confirms the subscription, with how receivers use it. */
export function WebhookSecret({ tr, secret }: { tr: Translator; secret: string }) {
  const [lead, ...rest] = tr.t('confirm.secret').split(/(?<=\.) /);
  return (
    <div className="sub-secret" role="note" aria-label={tr.t('confirm.secretLabel')}>
      <p>
        <strong>{lead}</strong> {rest.join(' ')}
      </p>
      <code className="sub-secret-value" aria-label={tr.t('confirm.secretLabel')} data-testid="webhook-secret">
        {secret}
      </code>
    </div>
  );
}
