import { CHANNEL_LABELS, type Channel } from '@/lib/channels/types';

/**
 * Where notices go: e-mail, or a webhook or chat incoming-webhook URL with the e-mail address as
 * its contact. Plain radios and one URL field, so it works the same without JavaScript.
 */
export function ChannelFields({ channels }: { channels: Channel[] }) {
  const offered = channels.filter((c) => c !== 'sms');
  if (offered.length <= 1) return null;
  return (
    <fieldset className="sub-group">
      <legend>Where to send them</legend>
      <div className="sub-options sub-options-inline">
        {offered.map((c) => (
          <label key={c} className="sub-check">
            <input type="radio" name="channel" value={c} defaultChecked={c === 'email'} /> {CHANNEL_LABELS[c]}
          </label>
        ))}
      </div>
      <label className="sub-field">
        <span>Webhook or chat URL</span>
        <input type="url" name="endpoint" maxLength={2000} inputMode="url" placeholder="https://hooks.slack.com/services/…" autoComplete="off" />
      </label>
      <p className="sub-muted">For a webhook, Slack, Microsoft Teams or Discord, paste the channel&apos;s incoming-webhook URL (https). The e-mail address above confirms the subscription and hears from us if the URL stops working.</p>
    </fieldset>
  );
}
