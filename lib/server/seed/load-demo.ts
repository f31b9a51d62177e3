import { mergeTranslations, writeTranslations, type TranslatedKind, type TranslationsPatch } from '@/lib/domain/translations';
import { demoComponents, demoGroups, demoRegions, demoSettings } from '@/prisma/seed/demo-catalogue';
import { DEMO_INCIDENT_IDS, demoIncidents, type DemoImpact, type DemoIncident } from '@/prisma/seed/demo-incidents';
import { demoSubscribers } from '@/prisma/seed/demo-subscribers';
import type { IncidentStatus } from '@/lib/generated/postgresql/enums';
import type { Actor } from '../actor';
import { writeAudit } from '../audit';
import { publishChange } from '../changes';
import { hashToken, randomToken } from '../crypto';
import { db, type Tx } from '../db';

export interface DemoSummary {
  regions: number;
  components: number;
  incidents: number;
  updates: number;
  subscribers: number;
  subscribersAdded: number;
}

const DAY = 24 * 60 * 60 * 1000;
const FINAL: IncidentStatus[] = ['resolved', 'postmortem', 'completed'];

/**
 * Loads the Sidekick scenario (see prisma/seed/). Safe to run again: the catalogue is upserted by
 * slug, the demo incidents (fixed ids) are replaced, subscribers are matched by e-mail. Everything
 * happens in one transaction, with one audit row.
 */
export async function loadDemo({ actor, now = new Date() }: { actor: Actor; now?: Date }): Promise<DemoSummary> {
  const summary = await db().$transaction(
    async (tx) => {
      const settings = { ...demoSettings, translations: stored('page', demoSettings.translations) };
      await tx.pageSettings.upsert({ where: { id: 1 }, create: { id: 1, ...settings }, update: { ...settings, version: { increment: 1 } } });
      const groupIds = new Map<string, string>();
      for (const g of demoGroups) {
        const data = { name: g.name, description: g.description, position: g.position, translations: stored('group', g.translations) };
        const row = await tx.componentGroup.upsert({ where: { slug: g.slug }, create: { slug: g.slug, ...data }, update: data });
        groupIds.set(g.slug, row.id);
      }
      const componentIds = new Map<string, string>();
      for (const c of demoComponents) {
        const data = { name: c.name, description: c.description, dataKind: c.dataKind, position: c.position, groupId: groupIds.get(c.group)!, translations: stored('component', c.translations) };
        const row = await tx.component.upsert({ where: { slug: c.slug }, create: { slug: c.slug, ...data }, update: { ...data, status: 'operational', version: { increment: 1 } } });
        componentIds.set(c.slug, row.id);
      }
      const regionIds = new Map<string, string>();
      for (const r of demoRegions) {
        const { slug, ...data } = r;
        const row = await tx.region.upsert({ where: { slug }, create: r, update: { ...data, version: { increment: 1 } } });
        regionIds.set(slug, row.id);
      }

      const refs = (i: DemoImpact) => ({ componentId: componentIds.get(i.component)!, regionId: regionIds.get(i.region)! });
      await tx.incident.deleteMany({ where: { id: { in: [...DEMO_INCIDENT_IDS] } } });
      let updates = 0;
      const incidents = demoIncidents(now);
      for (const incident of incidents) updates += await createIncident(tx, incident, refs, (slug) => regionIds.get(slug)!);

      const { total, added } = await upsertSubscribers(tx, now, regionIds, componentIds);
      const result: DemoSummary = { regions: regionIds.size, components: componentIds.size, incidents: incidents.length, updates, subscribers: total, subscribersAdded: added };
      await writeAudit(tx, actor, { action: 'demo.load', objectType: 'demo', objectId: 'sidekick', after: result }, now);
      return result;
    },
    { timeout: 120_000, maxWait: 15_000 },
  );
  await publishChange('demo loaded');
  return summary;
}

/** The demo's translations as the console would store them. */
const stored = (kind: TranslatedKind, t: TranslationsPatch): string => writeTranslations(mergeTranslations(kind, {}, t));

/** Writes one incident with its timeline; its status and current impact are derived from the updates. */
async function createIncident(tx: Tx, incident: DemoIncident, refs: (i: DemoImpact) => { componentId: string; regionId: string }, regionId: (slug: string) => string): Promise<number> {
  const updates = [...incident.updates].sort((a, b) => a.displayAt.getTime() - b.displayAt.getTime());
  const latest = updates[updates.length - 1];
  if (!latest) throw new Error(`demo incident ${incident.id} has no updates`);
  const current = new Map<string, DemoImpact>();
  for (const u of updates) for (const i of u.impacts) current.set(`${i.component}|${i.region}`, i);
  const firstAt = (status: IncidentStatus) => updates.find((u) => u.status === status)?.displayAt ?? null;
  const cells = (i: DemoImpact) => ({ ...refs(i), status: i.status, dataState: i.dataState, affectedUsers: i.affectedUsers, restoredUsers: i.restoredUsers });

  await tx.incident.create({
    data: {
      id: incident.id,
      title: incident.title,
      kind: incident.kind,
      impact: incident.impact,
      status: latest.status,
      startedAt: incident.startedAt,
      identifiedAt: firstAt('identified'),
      monitoringAt: firstAt('monitoring'),
      resolvedAt: FINAL.includes(latest.status) ? latest.displayAt : null,
      scheduledFor: incident.scheduledFor ?? null,
      scheduledUntil: incident.scheduledUntil ?? null,
      remindBeforeMinutes: incident.remindBeforeMinutes ?? null,
      postmortemBody: incident.postmortemBody ?? null,
      translations: stored('incident', incident.translations ?? {}),
      createdAt: updates[0]!.displayAt,
      impacts: { create: [...current.values()].map(cells) },
      updates: {
        create: updates.map((u, index) => ({
          id: `${incident.id}-${index + 1}`,
          status: u.status,
          body: u.body,
          authorName: u.authorName,
          displayAt: u.displayAt,
          deliverNotifications: u.deliverNotifications,
          nextUpdateAt: u.nextUpdateAt ?? null,
          approvedAt: u.approvedAt ?? null,
          createdAt: u.displayAt,
          impactChanges: { create: u.impacts.map(cells) },
          regionBodies: { create: Object.entries(u.bodies ?? {}).map(([slug, body]) => ({ regionId: regionId(slug), body })) },
          translations: { create: Object.entries(u.translations ?? {}).map(([lang, body]) => ({ lang, body })) },
        })),
      },
    },
  });
  return updates.length;
}

async function upsertSubscribers(tx: Tx, now: Date, regionIds: Map<string, string>, componentIds: Map<string, string>): Promise<{ total: number; added: number }> {
  const wanted = demoSubscribers();
  const existing = await tx.subscriber.findMany({ where: { key: { in: wanted.map((s) => s.email) } }, select: { id: true, email: true } });
  const idByEmail = new Map(existing.map((s) => [s.email, s.id]));
  const fresh = [];
  for (const [index, s] of wanted.entries()) {
    const prefs = {
      timeZone: s.timeZone,
      locale: s.locale,
      allRegions: s.regions.length === 0,
      allComponents: s.components.length === 0,
      confirmedAt: new Date(now.getTime() - s.confirmedDaysAgo * DAY),
      unsubscribedAt: null,
      pausedAt: null,
    };
    const id = idByEmail.get(s.email);
    if (id) {
      await tx.subscriber.update({ where: { id }, data: prefs });
    } else {
      const newId = `demo-subscriber-${String(index + 1).padStart(3, '0')}`;
      idByEmail.set(s.email, newId);
      fresh.push({ id: newId, email: s.email, key: s.email, source: 'seed', manageTokenHash: hashToken(randomToken()), createdAt: prefs.confirmedAt, ...prefs });
    }
  }
  if (fresh.length > 0) await tx.subscriber.createMany({ data: fresh });
  const ids = wanted.map((s) => idByEmail.get(s.email)!);
  await tx.subscriberRegion.deleteMany({ where: { subscriberId: { in: ids } } });
  await tx.subscriberComponent.deleteMany({ where: { subscriberId: { in: ids } } });
  const regionLinks = wanted.flatMap((s) => s.regions.map((slug) => ({ subscriberId: idByEmail.get(s.email)!, regionId: regionIds.get(slug)! })));
  const componentLinks = wanted.flatMap((s) => s.components.map((slug) => ({ subscriberId: idByEmail.get(s.email)!, componentId: componentIds.get(slug)! })));
  if (regionLinks.length > 0) await tx.subscriberRegion.createMany({ data: regionLinks });
  if (componentLinks.length > 0) await tx.subscriberComponent.createMany({ data: componentLinks });
  return { total: wanted.length, added: fresh.length };
}
