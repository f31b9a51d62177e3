import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { DATA_STATE_WORDS, dataStatus, type ServiceData } from '@/lib/domain/data-state';
import { windowWords } from '@/lib/domain/maintenance';
import type { DataState } from '@/lib/domain/status';
import { renderHtml, renderText, type Block, type EmailDocument } from '../render';
import { defaultNoticeCopy, type NoticeCopy } from './notice-defaults';
import { MANAGE_MARKER, UNSUBSCRIBE_MARKER, substitute, timeMarker, type NoticeVariable } from './variables';

/** Everything a notice says about one region; times stay open for each reader's time zone. */
export interface NoticeProps {
  kind: NoticeKind;
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
  supportContact: string | null;
  /** The text of the update that prompted the notice, if any: staff Markdown, as on the status page. */
  latestUpdate: string | null;
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

const count = (n: number) => n.toLocaleString('en-US');

export function noticeValues(p: NoticeProps): Record<NoticeVariable, string> {
  return {
    carrier: p.carrier,
    product: p.product,
    region: p.regionName,
    services: p.services.length > 0 ? listWords(p.services) : 'the service',
    incident_title: p.incidentTitle,
    status_url: p.statusUrl,
    started_at_local: timeMarker(p.window?.from ?? p.startedAt),
    ends_at_local: p.window?.until ? timeMarker(p.window.until) : 'the end of the work',
    updated_at_local: timeMarker(p.updatedAt),
    resolved_at_local: timeMarker(p.resolvedAt ?? p.updatedAt),
    affected_users: count(p.affectedUsers),
    restored_users: count(p.restoredUsers),
    data_state: DATA_STATE_WORDS[p.dataState ?? 'intact'],
    data_services: listWords(dataServices(p)),
    support_contact: p.supportContact ?? `${p.carrier} customer care`,
    manage_url: MANAGE_MARKER,
    unsubscribe_url: UNSUBSCRIBE_MARKER,
  };
}

/** The notice's services whose data is in the state the notice leads with (all of them when none is known). */
function dataServices(p: NoticeProps): string[] {
  const state = p.dataState ?? 'intact';
  const named = p.services.filter((s) => (p.data.find((d) => d.service === s)?.dataState ?? 'intact') === state);
  return named.length > 0 ? named : p.services.length > 0 ? p.services : ['the service'];
}

export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
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
function windowFacts(p: NoticeProps, v: Record<NoticeVariable, string>): { label: string; value: string }[] {
  if (!p.window) return [{ label: 'Started', value: v.started_at_local }];
  const words = windowWords(p.window.from, p.window.until, p.window.at);
  return [{ label: words.start, value: v.started_at_local }, ...(p.window.until ? [{ label: words.end, value: v.ends_at_local }] : [])];
}

export function noticeDocument(p: NoticeProps): { subject: string; doc: EmailDocument } {
  const v = noticeValues(p);
  const subject = substitute(p.copy.subject, v);
  const facts: { label: string; value: string }[] = [
    { label: 'Incident', value: p.incidentTitle },
    { label: 'Affected', value: v.services },
    { label: 'Where', value: `${p.regionName} (${p.carrier})` },
    ...windowFacts(p, v),
  ];
  if (p.kind === 'resolved' && p.resolvedAt) facts.push({ label: 'Resolved', value: v.resolved_at_local });
  if (p.nextUpdateAt && p.kind !== 'resolved') facts.push({ label: 'Next update by', value: timeMarker(p.nextUpdateAt) });
  if ((p.kind === 'data_loss' || p.kind === 'recovery' || p.dataState === 'lost' || p.dataState === 'recovering') && p.affectedUsers > 0) facts.push({ label: 'Customers affected', value: v.affected_users });
  const blocks: Block[] = [{ type: 'heading', text: subject }, ...bodyBlocks(substitute(p.copy.body, v))];
  // Said in every notice, whatever the template: what happened to the reader's data, per service.
  if (p.data.length > 0) blocks.push({ type: 'facts', title: 'Your data', rows: p.data.map((d) => ({ label: d.service, value: `${dataStatus(d)}.` })) });
  if (p.latestUpdate?.trim() && p.kind !== 'data_loss') blocks.push({ type: 'markdown', label: 'Latest update:', source: substitute(p.latestUpdate, v) });
  blocks.push({ type: 'facts', rows: facts }, { type: 'button', text: 'See the live status', url: p.statusUrl });
  if (p.supportContact) blocks.push({ type: 'note', text: `Questions? Contact ${p.supportContact}.` });
  return {
    subject,
    doc: {
      preheader: `${p.product} on ${p.carrier}: ${p.incidentTitle}`,
      brand: `${p.brand} · ${p.product} on ${p.carrier}`,
      accentColor: p.accentColor,
      blocks,
      footer: [
        { type: 'note', text: `You are receiving this because you subscribed to ${p.product} status notices for ${p.regionName}.` },
        { type: 'links', links: [{ text: 'Manage your notices', url: MANAGE_MARKER }, { text: 'Unsubscribe', url: UNSUBSCRIBE_MARKER }] },
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
export function previewProps(kind: NoticeKind, carrier: 'tmobile' | 'telstra' = 'tmobile', state: DataState = kind === 'recovery' ? 'recovering' : kind === 'maintenance' ? 'intact' : 'lost'): NoticeProps {
  const telstra = carrier === 'telstra';
  const affected = telstra ? 12_000 : 800_000;
  const restored = state === 'restored' ? affected : state === 'recovering' ? Math.round(affected * 0.4) : 0;
  const services = ['Contacts', 'Calendar', 'Photos'];
  return {
    kind,
    brand: 'Candor status',
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
    supportContact: telstra ? 'Telstra on 13 2200' : 'T-Mobile Customer Care on 611',
    latestUpdate: null,
    nextUpdateAt: null,
    window: kind === 'maintenance' ? { from: new Date('2009-10-17T14:00:00Z'), until: new Date('2009-10-17T16:00:00Z'), at: new Date('2009-10-16T09:00:00Z') } : null,
    copy: defaultNoticeCopy(kind, state),
  };
}
