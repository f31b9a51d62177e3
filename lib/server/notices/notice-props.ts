import type { NoticeKind } from '@/lib/generated/postgresql/enums';
import { byRegionOrder, impactsForKind } from '@/lib/domain/audience';
import { worstDataState } from '@/lib/domain/status';
import { isClosedStatus } from '@/lib/domain/incident-lifecycle';
import { currentPromise, shownUntranslatedIn, textForReader } from '@/lib/domain/update-text';
import type { NoticeProps } from '@/lib/mail/templates/notice';
import { pickCopy, type StoredTemplate, type TemplateSource } from '@/lib/mail/templates/pick-copy';
import { mailSender, publicBaseUrl } from '@/lib/mail/send';
import { DEFAULT_LANG, formatLocale, regionLang, type Lang } from '@/lib/i18n/languages';
import { readTranslations, translated } from '@/lib/domain/translations';
import { db } from '../db';
import { notFound } from '../errors';

export interface RegionNotice {
  region: { id: string; slug: string; name: string; carrier: string; product: string; timeZone: string; locale: string };
  /** The language this variant is written in. */
  lang: Lang;
  props: NoticeProps;
  /** Where the copy came from: the notice's own text, a region's template, the template for all, or the default. */
  source: TemplateSource;
}

const byComponent = (a: { component: { position: number; name: string } }, b: { component: { position: number; name: string } }) => a.component.position - b.component.position || a.component.name.localeCompare(b.component.name);

/** The link to an incident on the public page, as the given carrier's customers read it (its product, its time zone). */
export function incidentUrl(base: string, incidentId: string, regionSlug: string): string {
  return `${base}/regions/${encodeURIComponent(regionSlug)}/incidents/${encodeURIComponent(incidentId)}`;
}

export interface QuotableUpdate {
  body: string;
  lang: string;
  displayAt: Date;
  impactChanges: { regionId: string }[];
  regionBodies: { regionId: string; body: string }[];
  translations: { lang: string; body: string; bodiesByRegion: string }[];
}

/**
 * The update a region's notice quotes, in that region's words and the reader's language: the newest
 * one that speaks to the region (one that changed only another carrier's impact, say recovery in
 * the US, is not news there), with the region's own text when it has one, else the main text;
 * translated when staff translated it, else as written (`untranslatedFrom` names its language when it is not the reader's).
 */
export function regionQuote(updates: readonly QuotableUpdate[], regionId: string, lang: string = DEFAULT_LANG): { text: string; displayAt: Date; untranslatedFrom: Lang | null } | null {
  const u = updates.find((x) => x.impactChanges.length === 0 || x.impactChanges.some((c) => c.regionId === regionId));
  if (!u) return null;
  const translations = u.translations.map((t) => ({ lang: t.lang, body: t.body, bodies: JSON.parse(t.bodiesByRegion) as Record<string, string> }));
  const read = textForReader({ body: u.body, lang: u.lang, bodies: Object.fromEntries(u.regionBodies.map((b) => [b.regionId, b.body])), translations }, regionId, lang);
  return { text: read.text, displayAt: u.displayAt, untranslatedFrom: shownUntranslatedIn(read, lang) };
}

/**
 * What a notice says in each affected region, in each language asked for (by default the region's
 * own): carrier, product, the region's impacted services, counts, and the copy (staff override >
 * NoticeTemplate for the region > NoticeTemplate for all > Candor's default voice). Used to render
 * the outbox (every language, each once) and the console preview alike.
 */
export async function noticePropsByRegion(input: { incidentId: string; kind: NoticeKind; subject?: string | null; body?: string | null; updateId?: string | null; now?: Date; draft?: StoredTemplate; langs?: readonly Lang[] }): Promise<RegionNotice[]> {
  const incident = await db().incident.findUnique({
    where: { id: input.incidentId },
    include: { impacts: { include: { component: true, region: true } } },
  });
  if (!incident) throw notFound('incident');
  const include = { impactChanges: { select: { regionId: true } }, regionBodies: { select: { regionId: true, body: true } }, translations: { select: { lang: true, body: true, bodiesByRegion: true } } } as const;
  const newestFirst = [{ displayAt: 'desc' as const }, { createdAt: 'desc' as const }];
  const [updates, latest] = await Promise.all([
    input.updateId ? db().incidentUpdate.findMany({ where: { id: input.updateId }, include }) : db().incidentUpdate.findMany({ where: { incidentId: incident.id, state: 'published' }, orderBy: newestFirst, take: 20, include }),
    db().incidentUpdate.findMany({ where: { incidentId: incident.id, state: 'published' }, orderBy: newestFirst, take: 1, select: { displayAt: true, nextUpdateAt: true } }),
  ]);
  const nextUpdateAt = currentPromise(latest, isClosedStatus(incident.status));
  const stored: StoredTemplate[] = await db().noticeTemplate.findMany({ where: { kind: input.kind } });
  // A draft being previewed stands in for the stored template of the same scope.
  const draft = input.draft;
  const templates = draft ? [draft, ...stored.filter((t) => t.regionSlug !== draft.regionSlug || t.lang !== draft.lang)] : stored;
  const sender = await mailSender();
  const settings = await db().pageSettings.findUnique({ where: { id: 1 } });
  const publicBase = await publicBaseUrl();

  // A recovery notice speaks only of data coming back, a data-loss notice only of data lost.
  const relevant = impactsForKind(input.kind, incident.impacts);
  const regions = [...new Map(relevant.map((i) => [i.regionId, i.region])).values()].sort(byRegionOrder);
  return regions.flatMap((region) => {
    const impacts = relevant.filter((i) => i.regionId === region.id).sort(byComponent);
    const worst = impacts.length > 0 ? worstDataState(impacts.map((i) => i.dataState)) : null;
    const support = region.supportUrl ?? settings?.supportEmail ?? settings?.supportUrl ?? null;
    return (input.langs ?? [regionLang(region.locale)]).map((lang): RegionNotice => {
      const quote = regionQuote(updates, region.id, lang);
      // Staff-typed names in the reader's language where staff translated them.
      const serviceName = (c: { name: string; translations: string }) => translated({ translations: readTranslations('component', c.translations) }, 'name', lang, c.name);
      const { copy, source } = pickCopy({ kind: input.kind, regionSlug: region.slug, dataState: worst, templates, subject: input.subject, body: input.body, lang });
      const props: NoticeProps = {
        kind: input.kind,
        lang,
        locale: formatLocale(lang, region.locale),
        brand: sender.brandIn(lang),
        accentColor: region.accentColor || sender.accentColor,
        carrier: region.carrier,
        product: region.product,
        regionName: region.name,
        services: [...new Set(impacts.map((i) => serviceName(i.component)))],
        incidentTitle: translated({ translations: readTranslations('incident', incident.translations) }, 'name', lang, incident.title),
        statusUrl: incidentUrl(publicBase, incident.id, region.slug),
        startedAt: incident.startedAt,
        updatedAt: quote?.displayAt ?? input.now ?? new Date(),
        resolvedAt: incident.resolvedAt,
        affectedUsers: impacts.reduce((n, i) => n + i.affectedUsers, 0),
        restoredUsers: impacts.reduce((n, i) => n + i.restoredUsers, 0),
        dataState: worst,
        // "Your data" speaks of the services this kind of notice is about (a recovery notice, only of data coming back).
        data: impacts.map((i) => ({ service: serviceName(i.component), dataState: i.dataState, affectedUsers: i.affectedUsers, restoredUsers: i.restoredUsers })),
        support,
        latestUpdate: quote?.text ?? null,
        latestUpdateFrom: quote?.untranslatedFrom ?? null,
        nextUpdateAt,
        window: incident.kind === 'maintenance' && incident.scheduledFor ? { from: incident.scheduledFor, until: incident.scheduledUntil, at: input.now ?? new Date() } : null,
        copy,
      };
      return { region: { id: region.id, slug: region.slug, name: region.name, carrier: region.carrier, product: region.product, timeZone: region.timeZone, locale: region.locale }, lang, props, source };
    });
  });
}
