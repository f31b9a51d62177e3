import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { byRegionOrder, impactsForKind } from '@/lib/domain/audience';
import { isClosedStatus } from '@/lib/domain/incident-lifecycle';
import { bodyForRegion, currentPromise } from '@/lib/domain/update-text';
import { DEFAULT_NOTICE_COPY, type NoticeCopy } from '@/lib/mail/templates/notice-defaults';
import type { NoticeProps } from '@/lib/mail/templates/notice';
import { mailSender, publicBaseUrl } from '@/lib/mail/send';
import { db } from '../db';
import { notFound } from '../errors';

export interface RegionNotice {
  region: { id: string; slug: string; name: string; carrier: string; product: string; timeZone: string; locale: string };
  props: NoticeProps;
  /** Where the copy came from: 'override', 'region template', 'template' or 'default'. */
  source: string;
}

const DATA_SEVERITY = ['intact', 'restored', 'recovering', 'at_risk', 'lost'];

/** The link to an incident on the public page. */
export async function incidentUrl(incidentId: string): Promise<string> {
  return `${await publicBaseUrl()}/incidents/${encodeURIComponent(incidentId)}`;
}

export interface QuotableUpdate {
  body: string;
  displayAt: Date;
  impactChanges: { regionId: string }[];
  regionBodies: { regionId: string; body: string }[];
}

/**
 * The update a region's notice quotes, in that region's words: the newest one that speaks to the
 * region (one that changed only another carrier's impact, say recovery in the US, is not news
 * there), with the region's own text when it has one, else the main text.
 */
export function regionQuote(updates: readonly QuotableUpdate[], regionId: string): { text: string; displayAt: Date } | null {
  const u = updates.find((x) => x.impactChanges.length === 0 || x.impactChanges.some((c) => c.regionId === regionId));
  if (!u) return null;
  return { text: bodyForRegion({ body: u.body, bodies: Object.fromEntries(u.regionBodies.map((b) => [b.regionId, b.body])) }, regionId), displayAt: u.displayAt };
}

/**
 * What a notice says in each affected region: carrier, product, the region's impacted services,
 * counts, and the copy (staff override > NoticeTemplate for the region > NoticeTemplate for all >
 * Candor's default voice). Used to render the outbox and the console preview alike.
 */
export async function noticePropsByRegion(input: { incidentId: string; kind: NoticeKind; subject?: string | null; body?: string | null; updateId?: string | null; now?: Date }): Promise<RegionNotice[]> {
  const incident = await db().incident.findUnique({
    where: { id: input.incidentId },
    include: { impacts: { include: { component: true, region: true } } },
  });
  if (!incident) throw notFound('incident');
  const include = { impactChanges: { select: { regionId: true } }, regionBodies: { select: { regionId: true, body: true } } } as const;
  const newestFirst = [{ displayAt: 'desc' as const }, { createdAt: 'desc' as const }];
  const [updates, latest] = await Promise.all([
    input.updateId ? db().incidentUpdate.findMany({ where: { id: input.updateId }, include }) : db().incidentUpdate.findMany({ where: { incidentId: incident.id, state: 'published' }, orderBy: newestFirst, take: 20, include }),
    db().incidentUpdate.findMany({ where: { incidentId: incident.id, state: 'published' }, orderBy: newestFirst, take: 1, select: { displayAt: true, nextUpdateAt: true } }),
  ]);
  const nextUpdateAt = currentPromise(latest, isClosedStatus(incident.status));
  const templates = await db().noticeTemplate.findMany({ where: { kind: input.kind } });
  const sender = await mailSender();
  const settings = await db().pageSettings.findUnique({ where: { id: 1 } });
  const statusUrl = await incidentUrl(incident.id);

  // A recovery notice speaks only of data coming back, a data-loss notice only of data lost.
  const relevant = impactsForKind(input.kind, incident.impacts);
  const regions = [...new Map(relevant.map((i) => [i.regionId, i.region])).values()].sort(byRegionOrder);
  return regions.map((region) => {
    const quote = regionQuote(updates, region.id);
    const impacts = relevant.filter((i) => i.regionId === region.id).sort((a, b) => a.component.position - b.component.position || a.component.name.localeCompare(b.component.name));
    const worst = impacts.map((i) => i.dataState as string).sort((a, b) => DATA_SEVERITY.indexOf(b) - DATA_SEVERITY.indexOf(a))[0] ?? null;
    const regional = templates.find((t) => t.regionSlug === region.slug);
    const general = templates.find((t) => t.regionSlug === null);
    const base: NoticeCopy = regional ?? general ?? DEFAULT_NOTICE_COPY[input.kind];
    const copy: NoticeCopy = { subject: input.subject?.trim() || base.subject, body: input.body?.trim() || base.body };
    const source = input.subject?.trim() || input.body?.trim() ? 'override' : regional ? 'region template' : general ? 'template' : 'default';
    const support = region.supportUrl ?? settings?.supportEmail ?? settings?.supportUrl ?? null;
    const props: NoticeProps = {
      kind: input.kind,
      brand: sender.brand,
      accentColor: region.accentColor || sender.accentColor,
      carrier: region.carrier,
      product: region.product,
      regionName: region.name,
      services: [...new Set(impacts.map((i) => i.component.name))],
      incidentTitle: incident.title,
      statusUrl,
      startedAt: incident.kind === 'maintenance' && incident.scheduledFor ? incident.scheduledFor : incident.startedAt,
      updatedAt: quote?.displayAt ?? input.now ?? new Date(),
      resolvedAt: incident.resolvedAt,
      affectedUsers: impacts.reduce((n, i) => n + i.affectedUsers, 0),
      restoredUsers: impacts.reduce((n, i) => n + i.restoredUsers, 0),
      dataState: worst,
      supportContact: support ? `${region.carrier} support (${support})` : null,
      latestUpdate: quote?.text ?? null,
      nextUpdateAt,
      copy,
    };
    return { region: { id: region.id, slug: region.slug, name: region.name, carrier: region.carrier, product: region.product, timeZone: region.timeZone, locale: region.locale }, props, source };
  });
}
