import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { byRegionOrder, impactsForKind } from '@/lib/domain/audience';
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

/** The link to an incident on the public page, as the given carrier's customers read it (its product, its time zone). */
export function incidentUrl(base: string, incidentId: string, regionSlug: string): string {
  return `${base}/regions/${encodeURIComponent(regionSlug)}/incidents/${encodeURIComponent(incidentId)}`;
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
  const updates = input.updateId
    ? await db().incidentUpdate.findMany({ where: { id: input.updateId }, include: { impactChanges: { select: { regionId: true } } } })
    : await db().incidentUpdate.findMany({ where: { incidentId: incident.id, state: 'published' }, orderBy: [{ displayAt: 'desc' }, { createdAt: 'desc' }], take: 20, include: { impactChanges: { select: { regionId: true } } } });
  // Each region quotes the newest update that speaks to it: one that changed only another
  // carrier's impact (say, recovery in the US) is not news for this carrier's customers.
  const updateFor = (regionId: string) => updates.find((u) => u.impactChanges.length === 0 || u.impactChanges.some((c) => c.regionId === regionId)) ?? null;
  const templates = await db().noticeTemplate.findMany({ where: { kind: input.kind } });
  const sender = await mailSender();
  const settings = await db().pageSettings.findUnique({ where: { id: 1 } });
  const publicBase = await publicBaseUrl();

  // A recovery notice speaks only of data coming back, a data-loss notice only of data lost.
  const relevant = impactsForKind(input.kind, incident.impacts);
  const regions = [...new Map(relevant.map((i) => [i.regionId, i.region])).values()].sort(byRegionOrder);
  return regions.map((region) => {
    const update = updateFor(region.id);
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
      statusUrl: incidentUrl(publicBase, incident.id, region.slug),
      startedAt: incident.kind === 'maintenance' && incident.scheduledFor ? incident.scheduledFor : incident.startedAt,
      updatedAt: update?.displayAt ?? input.now ?? new Date(),
      resolvedAt: incident.resolvedAt,
      affectedUsers: impacts.reduce((n, i) => n + i.affectedUsers, 0),
      restoredUsers: impacts.reduce((n, i) => n + i.restoredUsers, 0),
      dataState: worst,
      supportContact: support ? `${region.carrier} support (${support})` : null,
      latestUpdate: update?.body ?? null,
      copy,
    };
    return { region: { id: region.id, slug: region.slug, name: region.name, carrier: region.carrier, product: region.product, timeZone: region.timeZone, locale: region.locale }, props, source };
  });
}
