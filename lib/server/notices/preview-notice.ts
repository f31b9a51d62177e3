import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { countAudienceByRegion } from '@/lib/jobs/audience-sql';
import { renderNotice } from '@/lib/mail/templates/notice';
import type { StoredTemplate, TemplateSource } from '@/lib/mail/templates/pick-copy';
import { personalise, unknownVariables } from '@/lib/mail/templates/variables';
import { publicBaseUrl } from '@/lib/mail/send';
import type { Lang } from '@/lib/i18n/languages';
import { hasRole, type Actor } from '../actor';
import { forbidden } from '../errors';
import { noticePropsByRegion } from './notice-props';
import { channelFactsByRegion } from './channel-facts';
import { buildChannelNotice, personaliseNotice } from '@/lib/channels/channel-notice';
import { HTTP_PAYLOADS } from '@/lib/channels/payloads/build';
import { CHANNEL_LABELS, HTTP_CHANNELS, type HttpChannel } from '@/lib/channels/types';
import { fullSmsNoticeText, smsNoticeText, smsWords, type SmsFill, type SmsNotice } from '@/lib/channels/payloads/sms';
import { MAX_NOTICE_SEGMENTS, smsSegments, smsTransmittedText, type SmsEncoding } from '@/lib/channels/sms/encoding';

/** A region's text message as the phone will show it, and what the template would need uncut. */
export interface SmsPreview {
  text: string;
  encoding: SmsEncoding;
  segments: number;
  /** Characters that force UCS-2 (70 a segment instead of 160). */
  nonGsmCharacters: string[];
  /** Segments the text would need before it is cut to MAX_NOTICE_SEGMENTS; more than that means the template is too long for SMS. */
  fullSegments: number;
  maxSegments: number;
  /** Whose words follow the subject: the update's (an update notice), else the template's key sentence. */
  wordsFrom: 'update' | 'template';
}

function smsPreview(notice: SmsNotice, fill: SmsFill): SmsPreview {
  const text = smsNoticeText(notice, fill);
  const count = smsSegments(text);
  // As the phone will show it: with the GSM stand-ins for typographic punctuation when they apply.
  return { text: smsTransmittedText(text), encoding: count.encoding, segments: count.segments, nonGsmCharacters: count.nonGsmCharacters, fullSegments: smsSegments(fullSmsNoticeText(notice, fill)).segments, maxSegments: MAX_NOTICE_SEGMENTS, wordsFrom: smsWords(notice).from };
}

export interface RegionPreview {
  regionSlug: string;
  regionName: string;
  carrier: string;
  product: string;
  timeZone: string;
  audience: number;
  /** Which text this region's preview used. */
  source: TemplateSource;
  subject: string;
  html: string;
  text: string;
  /** The request body each HTTP channel would post for this region (pretty JSON), keyed by channel. */
  channels: { channel: HttpChannel; label: string; body: string }[];
  /** The text message for this region (null when the notice has no channel rendering for it). */
  sms: SmsPreview | null;
}

/** What each region's subscribers would read (in `lang`, else in the region's language), and how many of them there are, before anything is sent. */
export async function previewNotice({ actor, incidentId, kind, subject, body, draft, regionSlug, lang }: { actor: Actor; incidentId: string; kind: NoticeKind; subject?: string | null; body?: string | null; draft?: StoredTemplate; regionSlug?: string; lang?: Lang }): Promise<{ audience: number; unknownVariables: string[]; regions: RegionPreview[] }> {
  if (!hasRole(actor, 'viewer')) throw forbidden();
  const [byRegion, counts] = await Promise.all([noticePropsByRegion({ incidentId, kind, subject, body, draft, ...(lang ? { langs: [lang] } : {}) }), countAudienceByRegion(incidentId, kind)]);
  const [base, facts] = await Promise.all([publicBaseUrl(), channelFactsByRegion({ noticeId: 'preview', incidentId, updateId: null })]);
  const chosen = regionSlug ? byRegion.filter((r) => r.region.slug === regionSlug) : byRegion;
  const regions = chosen.map(({ region, props, source }) => {
    const r = renderNotice(props);
    const p = { timeZone: region.timeZone, locale: props.locale, manageUrl: `${base}/manage/preview`, unsubscribeUrl: `${base}/u/preview` };
    const regionFacts = facts.get(region.id);
    const built = regionFacts ? buildChannelNotice(props, regionFacts) : null;
    const notice = built ? personaliseNotice(built, p) : null;
    const channels = notice ? HTTP_CHANNELS.map((channel) => ({ channel, label: CHANNEL_LABELS[channel], body: JSON.stringify(HTTP_PAYLOADS[channel]({ notice, manageUrl: p.manageUrl, unsubscribeUrl: p.unsubscribeUrl, now: new Date() }), null, 2) })) : [];
    return {
      regionSlug: region.slug,
      regionName: region.name,
      carrier: region.carrier,
      product: region.product,
      timeZone: region.timeZone,
      audience: counts.get(region.id) ?? 0,
      source,
      subject: personalise(r.subject, p, false),
      html: personalise(r.html, p, true),
      text: personalise(r.text, p, false),
      channels,
      sms: built ? smsPreview(built, (text) => personalise(text, p, false)) : null,
    };
  });
  return { audience: regions.reduce((n, r) => n + r.audience, 0), unknownVariables: unknownVariables(`${subject ?? ''}\n${body ?? ''}`), regions };
}
