import { CHANNEL_LABELS, type Channel } from '@/lib/channels/types';
import type { Translator } from '@/lib/i18n/t';

/** A channel's name in the page's language (the chat products keep their own names). */
export const channelLabel = (tr: Translator, c: string): string => (c === 'email' ? tr.t('subscribe.channelEmail') : c === 'sms' ? tr.t('subscribe.channelSms') : (CHANNEL_LABELS[c as Channel] ?? c));

/**
 * Where notices go: e-mail, a webhook or chat incoming-webhook URL, or a mobile number for text
 * messages, with the e-mail address as the contact. Plain radios and one field each, so it works
 * the same without JavaScript.
 */
export function ChannelFields({ tr, channels }: { tr: Translator; channels: Channel[] }) {
  const offered = channels;
  if (offered.length <= 1) return null;
  const http = offered.some((c) => c !== 'email' && c !== 'sms');
  return (
    <fieldset className="sub-group">
      <legend>{tr.t('subscribe.where')}</legend>
      <div className="sub-options sub-options-inline">
        {offered.map((c) => (
          <label key={c} className="sub-check">
            <input type="radio" name="channel" value={c} defaultChecked={c === 'email'} /> {channelLabel(tr, c)}
          </label>
        ))}
      </div>
      {http ? (
        <>
          <label className="sub-field">
            <span>{tr.t('subscribe.endpoint')}</span>
            <input type="url" name="endpoint" maxLength={2000} inputMode="url" placeholder="https://hooks.slack.com/services/…" autoComplete="off" />
          </label>
          <p className="sub-muted">{tr.t('subscribe.endpointHelp')}</p>
        </>
      ) : null}
      {offered.includes('sms') ? (
        <>
          <label className="sub-field">
            <span>{tr.t('subscribe.phone')}</span>
            <input type="tel" name="phone_number" maxLength={32} inputMode="tel" placeholder="+61412345678" autoComplete="tel" />
          </label>
          <p className="sub-muted">{tr.t('subscribe.phoneHelp')}</p>
        </>
      ) : null}
    </fieldset>
  );
}
