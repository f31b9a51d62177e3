import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/server/actor';
import { createIncident } from '@/lib/server/incidents/create-incident';
import { postUpdate } from '@/lib/server/incidents/post-update';
import { channelFactsByRegion } from '@/lib/server/notices/channel-facts';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../helpers/test-db';

// What a webhook says about the component an update changed, in Statuspage's shape: the change with
// the status the cell had before it (from the updates before, in display order), and the component.

describe.each(DATABASE_KINDS)('component_update facts on %s', (kind) => {
  let t: TestDatabase;
  let actor: Actor;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    const db = t.handle.db;
    await db.component.create({ data: { slug: 'contacts', name: 'Contacts' } });
    await db.component.create({ data: { slug: 'photos', name: 'Photos', status: 'degraded_performance' } });
    await db.region.create({ data: { slug: 'telstra-au', name: 'Australia', carrier: 'Telstra', product: 'Hiptop', market: 'AU', timeZone: 'Australia/Sydney' } });
    await db.region.create({ data: { slug: 'tmobile-us', name: 'United States', carrier: 'T-Mobile', product: 'Sidekick', market: 'US', timeZone: 'America/Los_Angeles' } });
    const u = await db.user.create({ data: { email: 'f@x.test', name: 'Fay', role: 'responder', passwordHash: 'x' } });
    actor = { type: 'user', userId: u.id, label: 'Fay', role: 'responder' };
  });
  afterAll(async () => t?.drop());

  const facts = async (incidentId: string, updateId: string, region: string) => {
    const regionId = (await t.handle.db.region.findUniqueOrThrow({ where: { slug: region } })).id;
    return (await channelFactsByRegion({ noticeId: 'n', incidentId, updateId })).get(regionId)!.componentUpdate;
  };

  it('gives the status before the update, per carrier, and the component as it now is', async () => {
    const t0 = Date.now() - 3600_000;
    const { id } = await createIncident({
      actor,
      now: new Date(t0),
      input: { name: 'Sync down', body: 'Contacts do not sync.', impacts: [{ component: 'contacts', region: 'telstra-au', status: 'major_outage' }, { component: 'contacts', region: 'tmobile-us', status: 'partial_outage' }] },
    });
    const first = await t.handle.db.incidentUpdate.findFirstOrThrow({ where: { incidentId: id } });
    // The first update: nothing before it touched the cells, so they had the component's own status.
    expect(await facts(id, first.id, 'telstra-au')).toMatchObject({ old_status: 'operational', new_status: 'major_outage', component: { name: 'Contacts', status: 'major_outage' } });
    const second = await postUpdate({ actor, now: new Date(t0 + 60_000), input: { incident_id: id, status: 'identified', body: 'Telstra is degraded now.', impacts: [{ component: 'contacts', region: 'telstra-au', status: 'degraded_performance' }] } });
    const cu = await facts(id, second.id, 'telstra-au');
    expect(cu).toMatchObject({ component_id: expect.any(String), old_status: 'major_outage', new_status: 'degraded_performance', component: { name: 'Contacts', status: 'degraded_performance' } });
    // T-Mobile's cell was not changed by that update: no component_update there.
    expect(await facts(id, second.id, 'tmobile-us')).toBeNull();
    // A back-dated update is placed by its display time: the cell before it is the first update's.
    const backdated = await postUpdate({ actor, now: new Date(t0 + 120_000), input: { incident_id: id, status: 'identified', body: 'Earlier: Telstra partial.', display_at: new Date(t0 + 30_000).toISOString(), impacts: [{ component: 'contacts', region: 'telstra-au', status: 'partial_outage' }] } });
    expect(await facts(id, backdated.id, 'telstra-au')).toMatchObject({ old_status: 'major_outage', new_status: 'partial_outage' });
    expect(await facts(id, second.id, 'telstra-au')).toMatchObject({ old_status: 'partial_outage' });
  });

  it('a component with a status of its own is the status before the first change', async () => {
    const { id } = await createIncident({ actor, input: { name: 'Photos', body: 'Photos are down.', impacts: [{ component: 'photos', region: 'tmobile-us', status: 'major_outage' }] } });
    const first = await t.handle.db.incidentUpdate.findFirstOrThrow({ where: { incidentId: id } });
    expect(await facts(id, first.id, 'tmobile-us')).toMatchObject({ old_status: 'degraded_performance', new_status: 'major_outage' });
  });
});
