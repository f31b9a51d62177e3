import { CHANNEL_LABELS, type Channel } from '@/lib/channels/types';

/**
 * Where notices go: e-mail, a webhook or chat incoming-webhook URL, or a mobile number for text
 * messages, with the e-mail address as the contact. Plain radios and one field each, so it works
 * the same without JavaScript.
 */
export function ChannelFields({ channels }: { channels: Channel[] }) {
  const offered = channels;
  if (offered.length <= 1) return null;
  const http = offered.some((c) => c !== 'email' && c !== 'sms');
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
      {http ? (
        <>
          <label className="sub-field">
            <span>Webhook or chat URL</span>
            <input type="url" name="endpoint" maxLength={2000} inputMode="url" placeholder="https://hooks.slack.com/services/…" autoComplete="off" />
          </label>
          <p className="sub-muted">For a webhook, Slack, Microsoft Teams or Discord, paste the channel&apos;s incoming-webhook URL (https). The e-mail address above confirms the subscription and hears from us if the URL stops working.</p>
        </>
      ) : null}
      {offered.includes('sms') ? (
        <>
          <label className="sub-field">
            <span>Mobile number</span>
            <input type="tel" name="phone_number" maxLength={32} inputMode="tel" placeholder="+61412345678" autoComplete="tel" />
          </label>
          <p className="sub-muted">For text messages, give the number with + and the country code. We text it a 6-digit code to type on the next page; reply STOP to any message to end them.</p>
        </>
      ) : null}
    </fieldset>
  );
}
