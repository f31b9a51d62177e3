import 'server-only';
import { db } from '../db';
import { linkBaseOf } from '@/lib/mail/send';
import { env } from '../env';
import { pickImpact } from '@/lib/domain/status';
import type { PublicModel } from './model';
import { readTranslations } from '@/lib/domain/translations';
import { DEFAULT_BRAND_COLOR, DEFAULT_PAGE_NAME } from '@/lib/domain/page-defaults';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const MAX_INCIDENTS = 2_000;

/** Reads everything public in a handful of queries; incidents carry only published updates. */
export async function loadPublicModel(now: Date = new Date()): Promise<PublicModel> {
  const client = db();
  const [settings, groups, components, regions, incidents] = await Promise.all([
    client.pageSettings.findUnique({ where: { id: 1 } }),
    client.componentGroup.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }] }),
    client.component.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }] }),
    client.region.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }] }),
    client.incident.findMany({
      orderBy: [{ startedAt: 'desc' }],
      take: MAX_INCIDENTS,
      include: {
        impacts: true,
        updates: { where: { state: 'published' }, orderBy: [{ displayAt: 'asc' }, { createdAt: 'asc' }], include: { impactChanges: true, regionBodies: { select: { regionId: true, body: true } }, translations: { select: { lang: true, body: true, bodiesByRegion: true } } } },
      },
    }),
  ]);
  const config = env();
  // Impact rows in the matrix's order (services, then carriers, by position), whatever order the
  // engine returns them in: the pages and JSON read the same on SQLite and PostgreSQL.
  const componentRank = new Map(components.map((c, k) => [c.id, k]));
  const regionRank = new Map(regions.map((r, k) => [r.id, k]));
  const rank = (m: Map<string, number>, id: string) => m.get(id) ?? Number.MAX_SAFE_INTEGER;
  const inMatrixOrder = <T extends { componentId: string; regionId: string }>(rows: T[]): T[] =>
    [...rows].sort((a, b) => rank(componentRank, a.componentId) - rank(componentRank, b.componentId) || rank(regionRank, a.regionId) - rank(regionRank, b.regionId) || (a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : a.regionId < b.regionId ? -1 : a.regionId > b.regionId ? 1 : 0));
  const groupOrder = new Map(groups.map((g, k) => [g.id, k]));
  const groupRank = (id: string | null) => (id !== null && groupOrder.has(id) ? groupOrder.get(id)! : groups.length);
  return {
    page: {
      id: 'candor',
      name: settings?.name ?? DEFAULT_PAGE_NAME,
      url: linkBaseOf(config.publicUrl, settings?.publicUrl, config.port),
      timeZone: settings?.timeZone ?? 'UTC',
      supportUrl: settings?.supportUrl ?? null,
      brandColor: settings?.brandColor ?? DEFAULT_BRAND_COLOR,
      logoText: settings?.logoText ?? null,
      footerText: settings?.footerText ?? null,
      translations: readTranslations('page', settings?.translations),
      updatedAt: (settings?.updatedAt ?? now).toISOString(),
    },
    groups: groups.map((g) => ({ id: g.id, slug: g.slug, name: g.name, description: g.description, translations: readTranslations('group', g.translations), position: g.position, createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString() })),
    // Components in display order: by their group's position, then their own.
    components: [...components]
      .sort((a, b) => groupRank(a.groupId) - groupRank(b.groupId) || a.position - b.position || a.name.localeCompare(b.name))
      .map((c) => ({
      id: c.id,
      slug: c.slug,
      name: c.name,
      description: c.description,
      translations: readTranslations('component', c.translations),
      groupId: c.groupId,
      position: c.position,
      status: c.status,
      dataKind: c.dataKind,
      showcase: c.showcase,
      onlyShowIfDegraded: c.onlyShowIfDegraded,
      startDate: iso(c.startDate),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    })),
    regions: regions.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      carrier: r.carrier,
      product: r.product,
      market: r.market,
      locale: r.locale,
      languages: r.languages,
      timeZone: r.timeZone,
      estimatedUsers: r.estimatedUsers,
      accentColor: r.accentColor,
      supportUrl: r.supportUrl,
      position: r.position,
    })),
    // An incident nobody has published a word about yet is not public.
    incidents: incidents
      .filter((i) => i.updates.length > 0)
      .map((i) => ({
        id: i.id,
        title: i.title,
        kind: i.kind,
        status: i.status,
        impact: i.impact,
        startedAt: i.startedAt.toISOString(),
        identifiedAt: iso(i.identifiedAt),
        monitoringAt: iso(i.monitoringAt),
        resolvedAt: iso(i.resolvedAt),
        scheduledFor: iso(i.scheduledFor),
        scheduledUntil: iso(i.scheduledUntil),
        autoTransition: i.autoTransition,
        postmortemBody: i.postmortemPublishedAt ? i.postmortemBody : null,
        postmortemPublishedAt: iso(i.postmortemPublishedAt),
        translations: publicIncidentTranslations(i.translations, i.postmortemPublishedAt !== null),
        createdAt: i.createdAt.toISOString(),
        updatedAt: i.updatedAt.toISOString(),
        impacts: inMatrixOrder(i.impacts).map(pickImpact),
        updates: i.updates.map((u) => ({
          id: u.id,
          status: u.status,
          body: u.body,
          bodies: Object.fromEntries(u.regionBodies.map((b) => [b.regionId, b.body])),
          lang: u.lang,
          translations: u.translations.map((t) => ({ lang: t.lang, body: t.body, bodies: JSON.parse(t.bodiesByRegion) as Record<string, string> })),
          nextUpdateAt: iso(u.nextUpdateAt),
          displayAt: u.displayAt.toISOString(),
          createdAt: u.createdAt.toISOString(),
          updatedAt: u.updatedAt.toISOString(),
          deliverNotifications: u.deliverNotifications,
          impacts: inMatrixOrder(u.impactChanges).map(pickImpact),
        })),
      })),
    loadedAt: now.toISOString(),
  };
}

/** An incident's translations as the public may see them: a draft postmortem's stay private like the draft. */
function publicIncidentTranslations(stored: string, postmortemPublished: boolean) {
  const { postmortem, ...rest } = readTranslations('incident', stored);
  return postmortemPublished && postmortem ? { ...rest, postmortem } : rest;
}
