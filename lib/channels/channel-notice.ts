import type { DataState } from '@/lib/domain/status';
import { DEFAULT_LANG, type Lang } from '@/lib/i18n/languages';
import { t, type MessageValues } from '@/lib/i18n/t';
import type { MessageKey } from '@/lib/i18n/catalogs';
import { noticeDocument, type NoticeProps } from '@/lib/mail/templates/notice';
import { personalise, type Personal } from '@/lib/mail/templates/variables';

// A region's notice for the channels that are not e-mail: the same words the e-mail says (its
// subject, body, "Your data" lines, latest update and facts come from the e-mail's own document,
// so the voice and the region's template are shared), plus the incident in Statuspage's webhook
// shape. Built once per (notice, region) when the notice is prepared; per-subscriber markers
// (times in the reader's zone, the manage link) stay open until the delivery is sent.

export interface StatuspageIncident {
  id: string;
  name: string;
  status: string;
  impact: string;
  created_at: string;
  updated_at: string;
  started_at: string;
  resolved_at: string | null;
  shortlink: string;
  incident_updates: { id: string; incident_id: string; status: string; body: string; created_at: string; updated_at: string; display_at: string }[];
}

export interface RegionImpact {
  component_id: string;
  component: string;
  status: string;
  data_state: DataState;
  affected_users: number;
  restored_users: number;
}

export interface ComponentUpdate {
  id: string;
  component_id: string;
  created_at: string;
  new_status: string;
  /** The cell's status before the update (null in notices stored before it was kept). */
  old_status: string | null;
  /** Statuspage's top-level `component` beside `component_update` (absent in notices stored before it was kept). */
  component?: { id: string; name: string; status: string; created_at: string };
}

export interface ChannelNotice {
  noticeId: string;
  kind: string;
  /** The language its words are in; the payloads' own labels follow it. Absent in notices stored before languages: English. */
  lang?: Lang;
  brand: string;
  accentColor: string;
  region: { slug: string; name: string; carrier: string; product: string; url: string };
  subject: string;
  /** The body's paragraphs (a list is one paragraph of "- " lines). */
  paragraphs: string[];
  /** "Your data", one line per service. */
  data: { service: string; status: string }[];
  /** Staff Markdown of the update that prompted the notice, if the e-mail quotes it. */
  latestUpdate: string | null;
  /**
   * The same update's own words when they are in the notice's language (null when it is quoted
   * untranslated, under a note, or not at all). An update notice's text message says these. Absent
   * in notices stored before it was kept.
   */
  updateWords?: string | null;
  facts: { label: string; value: string }[];
  statusUrl: string;
  support: string | null;
  dataState: DataState | null;
  page: { id: string; name: string; url: string; status_indicator: string; status_description: string };
  incident: StatuspageIncident;
  impacts: RegionImpact[];
  componentUpdate: ComponentUpdate | null;
}

export interface ChannelNoticeFacts {
  noticeId: string;
  region: { slug: string; url: string };
  page: ChannelNotice['page'];
  incident: StatuspageIncident;
  impacts: RegionImpact[];
  componentUpdate: ComponentUpdate | null;
}

/** The region's channel notice from the same props the e-mail is rendered from. Pure. */
export function buildChannelNotice(props: NoticeProps, facts: ChannelNoticeFacts): ChannelNotice {
  const { subject, doc } = noticeDocument(props);
  const paragraphs: string[] = [];
  const data: ChannelNotice['data'] = [];
  const rows: ChannelNotice['facts'] = [];
  let latestUpdate: string | null = null;
  let updateWords: string | null = null;
  let support: string | null = null;
  for (const b of doc.blocks) {
    if (b.type === 'paragraph') paragraphs.push(b.text);
    else if (b.type === 'list') paragraphs.push(b.items.map((i) => `- ${i}`).join('\n'));
    else if (b.type === 'facts' && b.title !== undefined) data.push(...b.rows.map((r) => ({ service: r.label, status: r.value })));
    else if (b.type === 'facts') rows.push(...b.rows);
    else if (b.type === 'markdown') {
      latestUpdate = b.note ? `${b.note}\n\n${b.source}` : b.source;
      updateWords = b.note ? null : b.source;
    }
    else if (b.type === 'note') support = b.text;
  }
  return {
    noticeId: facts.noticeId,
    kind: props.kind,
    lang: props.lang,
    brand: props.brand,
    accentColor: props.accentColor,
    region: { slug: facts.region.slug, name: props.regionName, carrier: props.carrier, product: props.product, url: facts.region.url },
    subject,
    paragraphs,
    data,
    latestUpdate,
    updateWords,
    facts: rows,
    statusUrl: props.statusUrl,
    support,
    dataState: props.dataState,
    page: facts.page,
    incident: facts.incident,
    impacts: facts.impacts,
    componentUpdate: facts.componentUpdate,
  };
}

/** Fills the per-subscriber markers in every string of the notice (times in the reader's zone, the manage link). */
export function personaliseNotice<T>(value: T, p: Personal): T {
  if (typeof value === 'string') return personalise(value, p, false) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => personaliseNotice(v, p)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, personaliseNotice(v, p)])) as T;
  return value;
}

/** A payload's own label ("Your data", "See the live status") in the notice's language. */
export const label = (notice: Pick<ChannelNotice, 'lang'>, key: MessageKey, values?: MessageValues): string => t(notice.lang ?? DEFAULT_LANG, key, values);

/** "Sidekick on T-Mobile" in the notice's language. */
export const productOn = (notice: Pick<ChannelNotice, 'lang' | 'region'>): string => label(notice, 'notice.productOn', { product: notice.region.product, carrier: notice.region.carrier });

/** What every channel's payload is built from: the notice, as this subscriber reads it, and their links. */
export interface PayloadInput {
  notice: ChannelNotice;
  manageUrl: string;
  unsubscribeUrl: string;
  now: Date;
}
