import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { restoreProgress, type ServiceData } from '@/lib/domain/data-state';
import { windowWords } from '@/lib/domain/maintenance';
import type { DataState } from '@/lib/domain/status';
import type { MessageKey } from '@/lib/i18n/catalogs';
import { DEFAULT_LANG, formatLocale, languageName, type Lang } from '@/lib/i18n/languages';
import { translator, type Translator } from '@/lib/i18n/t';
import { restoredText } from '@/lib/server/public/views/words';
import { renderHtml, renderText, type Block, type EmailDocument } from '../render';
import { defaultNoticeCopy, type NoticeCopy } from './notice-defaults';
import { MANAGE_MARKER, UNSUBSCRIBE_MARKER, substitute, timeMarker, type NoticeVariable } from './variables';
import { DEFAULT_PAGE_NAME } from '@/lib/domain/page-defaults';

/** Everything a notice says about one region; times stay open for each reader's time zone. */
export interface NoticeProps {
  kind: NoticeKind;
  /** The language the notice is written in; its fixed words come from the catalogs. */
  lang: Lang;
  /** The locale its numbers are written in (the region's own when it speaks `lang`, e.g. en-CA). */
  locale: string;
  brand: string;
  accentColor: string;
  carrier: string;
  product: string;
  regionName: string;
  services: string[];
  incidentTitle: string;
  statusUrl: string;
  startedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  affectedUsers: number;
  restoredUsers: number;
  /** The worst data state among the services this notice is about (the default text branches on it). */
  dataState: DataState | null;
  /** Every service the incident touches in the region, with its data state and counts: the "Your data" lines. */
  data: ServiceData[];
  /** The region's support address or number ("611", "help@example.com"), named in the reader's language. */
  support: string | null;
  /** The text of the update that prompted the notice, if any: staff Markdown, as on the status page. */
  latestUpdate: string | null;
  /** The language that text is in when it is not the notice's (no translation yet), else null/absent. */
  latestUpdateFrom?: Lang | null;
  /** When the next update is promised (shown in the reader's zone), or null. */
  nextUpdateAt: Date | null;
  /** A maintenance window (start and end) and when the notice is written, which decides "Starts" or "Started". */
  window: { from: Date; until: Date | null; at: Date } | null;
  /** Subject and body to use: staff override, else the region's template, else the default voice. */
  copy: NoticeCopy;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const STATE_WORD: Record<DataState, MessageKey> = { intact: 'notice.state.intact', at_risk: 'notice.state.at_risk', lost: 'notice.state.lost', recovering: 'notice.state.recovering', restored: 'notice.state.restored' };
const MEANING: Record<DataState, MessageKey> = { intact: 'notice.meaning.intact', at_risk: 'notice.meaning.at_risk', lost: 'notice.meaning.lost', recovering: 'notice.meaning.recovering', restored: 'notice.meaning.restored' };

const trOf = (p: Pick<NoticeProps, 'lang' | 'locale'>): Translator => translator(p.lang, p.locale);

/** Where one service's data stands, as "Your data" says it: "likely lost; we do not expect to get it back" (lib/domain/data-state.ts dataStatus), in the reader's language. */
export function dataLine(tr: Translator, row: ServiceData): string {
  const progress = restoreProgress(row.dataState, row.affectedUsers, row.restoredUsers) === null ? null : restoredText(tr, row.affectedUsers, row.restoredUsers);
  return `${tr.t(STATE_WORD[row.dataState])}; ${progress ?? tr.t(MEANING[row.dataState])}`;
}

/** The contact named in a notice ("T-Mobile support (611)"), in the reader's language. */
const supportName = (tr: Translator, p: NoticeProps): string | null => (p.support ? tr.t('notice.supportOf', { carrier: p.carrier, contact: p.support }) : null);

export function noticeValues(p: NoticeProps, tr: Translator = trOf(p)): Record<NoticeVariable, string> {
  return {
    carrier: p.carrier,
    product: p.product,
    region: p.regionName,
    services: p.services.length > 0 ? listWords(p.services, tr.locale) : tr.t('notice.theService'),
    incident_title: p.incidentTitle,
    status_url: p.statusUrl,
    started_at_local: timeMarker(p.window?.from ?? p.startedAt),
    ends_at_local: p.window?.until ? timeMarker(p.window.until) : tr.t('notice.endOfWork'),
    updated_at_local: timeMarker(p.updatedAt),
    resolved_at_local: timeMarker(p.resolvedAt ?? p.updatedAt),
    affected_users: tr.number(p.affectedUsers),
    restored_users: tr.number(p.restoredUsers),
    data_state: tr.t(STATE_WORD[p.dataState ?? 'intact']),
    data_services: listWords(dataServices(p), tr.locale, tr.t('notice.theService')),
    support_contact: supportName(tr, p) ?? tr.t('notice.customerCare', { carrier: p.carrier }),
    manage_url: MANAGE_MARKER,
    unsubscribe_url: UNSUBSCRIBE_MARKER,
  };
}

/** The notice's services whose data is in the state the notice leads with (all of them when none is known). */
function dataServices(p: NoticeProps): string[] {
  const state = p.dataState ?? 'intact';
  const named = p.services.filter((s) => (p.data.find((d) => d.service === s)?.dataState ?? 'intact') === state);
  return named.length > 0 ? named : p.services;
}

const lists = new Map<string, Intl.ListFormat>();
/** "Contacts, Calendar and Photos" in the reader's language ("… et Photos", "… und Photos"). */
export function listWords(items: string[], locale = 'en-US', none = ''): string {
  if (items.length === 0) return none;
  let f = lists.get(locale);
  if (!f) {
    f = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
    lists.set(locale, f);
  }
  // English as Candor has always written it: no comma before "and".
  return locale.startsWith('en') && items.length > 2 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : f.format(items);
}

/** Plain text body to blocks: blank lines separate paragraphs, "- " lines make a list. */
export function bodyBlocks(body: string): Block[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p): Block => {
      const lines = p.split('\n');
      if (lines.every((l) => /^\s*[-*] /.test(l))) return { type: 'list', items: lines.map((l) => l.replace(/^\s*[-*] /, '').trim()) };
      return { type: 'paragraph', text: p };
    });
}

/** Start (and end) of what the notice is about: a maintenance window says "Starts" until it has started. */
function windowFacts(p: NoticeProps, v: Record<NoticeVariable, string>, tr: Translator): { label: string; value: string }[] {
  if (!p.window) return [{ label: tr.t('notice.fact.started'), value: v.started_at_local }];
  const words = windowWords(p.window.from, p.window.until, p.window.at);
  const start = tr.t(words.start === 'Starts' ? 'notice.fact.starts' : 'notice.fact.started');
  const end = tr.t(words.end === 'Ends' ? 'notice.fact.ends' : 'notice.fact.ended');
  return [{ label: start, value: v.started_at_local }, ...(p.window.until ? [{ label: end, value: v.ends_at_local }] : [])];
}

export function noticeDocument(p: NoticeProps): { subject: string; doc: EmailDocument } {
  const tr = trOf(p);
  const v = noticeValues(p, tr);
  const subject = substitute(p.copy.subject, v);
  const facts: { label: string; value: string }[] = [
    { label: tr.t('notice.fact.incident'), value: p.incidentTitle },
    { label: tr.t('notice.fact.affected'), value: v.services },
    { label: tr.t('notice.fact.where'), value: `${p.regionName} (${p.carrier})` },
    ...windowFacts(p, v, tr),
  ];
  if (p.kind === 'resolved' && p.resolvedAt) facts.push({ label: tr.t('notice.fact.resolved'), value: v.resolved_at_local });
  if (p.nextUpdateAt && p.kind !== 'resolved') facts.push({ label: tr.t('notice.fact.nextUpdate'), value: timeMarker(p.nextUpdateAt) });
  if ((p.kind === 'data_loss' || p.kind === 'recovery' || p.dataState === 'lost' || p.dataState === 'recovering') && p.affectedUsers > 0) facts.push({ label: tr.t('notice.fact.customersAffected'), value: v.affected_users });
  const blocks: Block[] = [{ type: 'heading', text: subject }, ...bodyBlocks(substitute(p.copy.body, v))];
  // Said in every notice, whatever the template: what happened to the reader's data, per service.
  if (p.data.length > 0) blocks.push({ type: 'facts', title: tr.t('notice.yourData'), rows: p.data.map((d) => ({ label: d.service, value: `${dataLine(tr, d)}.` })) });
  if (p.latestUpdate?.trim() && p.kind !== 'data_loss') {
    const note = p.latestUpdateFrom && p.latestUpdateFrom !== p.lang ? tr.t('notice.untranslated', { language: languageName(p.latestUpdateFrom, tr.locale) }) : undefined;
    blocks.push({ type: 'markdown', label: tr.t('notice.latestUpdate'), source: substitute(p.latestUpdate, v), ...(note ? { note } : {}) });
  }
  blocks.push({ type: 'facts', rows: facts }, { type: 'button', text: tr.t('notice.seeStatus'), url: p.statusUrl });
  const support = supportName(tr, p);
  if (support) blocks.push({ type: 'note', text: tr.t('notice.questions', { contact: support }) });
  const productOn = tr.t('notice.productOn', { product: p.product, carrier: p.carrier });
  return {
    subject,
    doc: {
      lang: p.lang,
      preheader: `${productOn}: ${p.incidentTitle}`,
      brand: `${p.brand} · ${productOn}`,
      accentColor: p.accentColor,
      blocks,
      footer: [
        { type: 'note', text: tr.t('notice.footerWhy', { product: p.product, region: p.regionName }) },
        { type: 'links', links: [{ text: tr.t('notice.manage'), url: MANAGE_MARKER }, { text: tr.t('notice.unsubscribe'), url: UNSUBSCRIBE_MARKER }] },
      ],
    },
  };
}

/** The region's rendering with per-subscriber markers still open. */
export function renderNotice(p: NoticeProps): RenderedEmail {
  const { subject, doc } = noticeDocument(p);
  return { subject, html: renderHtml(doc), text: renderText(doc) };
}

/** Preview data: the 2009 Sidekick week as a T-Mobile or Telstra customer read it, with every service's data in `state`. */
export function previewProps(kind: NoticeKind, carrier: 'tmobile' | 'telstra' = 'tmobile', state: DataState = kind === 'recovery' ? 'recovering' : kind === 'maintenance' ? 'intact' : 'lost', lang: Lang = DEFAULT_LANG): NoticeProps {
  const telstra = carrier === 'telstra';
  const affected = telstra ? 12_000 : 800_000;
  const restored = state === 'restored' ? affected : state === 'recovering' ? Math.round(affected * 0.4) : 0;
  const services = ['Contacts', 'Calendar', 'Photos'];
  return {
    kind,
    lang,
    locale: formatLocale(lang, telstra ? 'en-AU' : 'en-US'),
    brand: DEFAULT_PAGE_NAME,
    accentColor: telstra ? '#0064d2' : '#e20074',
    carrier: telstra ? 'Telstra' : 'T-Mobile',
    product: telstra ? 'Hiptop' : 'Sidekick',
    regionName: telstra ? 'Australia' : 'United States',
    services,
    incidentTitle: 'Service outage affecting personal data',
    statusUrl: 'http://localhost:3000/incidents/preview',
    startedAt: new Date('2009-10-02T09:30:00Z'),
    updatedAt: new Date('2009-10-10T18:00:00Z'),
    resolvedAt: new Date('2009-10-15T02:00:00Z'),
    affectedUsers: affected,
    restoredUsers: restored,
    dataState: state,
    data: services.map((service) => ({ service, dataState: state, affectedUsers: affected, restoredUsers: restored })),
    support: telstra ? '13 2200' : '611',
    latestUpdate: null,
    nextUpdateAt: null,
    window: kind === 'maintenance' ? { from: new Date('2009-10-17T14:00:00Z'), until: new Date('2009-10-17T16:00:00Z'), at: new Date('2009-10-16T09:00:00Z') } : null,
    copy: defaultNoticeCopy(kind, state, lang),
  };
}
