import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '@/tests/helpers/test-db';
import { cliActor, type Actor } from '@/lib/server/actor';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { moveRegion } from '@/lib/server/regions/move-region';
import { moveGroup } from '@/lib/server/groups/move-group';
import { moveComponent } from '@/lib/server/components/move-component';

describe.each(DATABASE_KINDS)('reordering on %s', (kind) => {
  let t: TestDatabase;
  const admin: Actor = { ...cliActor };
  const viewer: Actor = { type: 'user', userId: 'v', label: 'Vera', role: 'viewer' };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    t.install();
    await loadDemo({ actor: cliActor });
  });
  afterAll(async () => {
    await t.drop();
  });

  const regionOrder = async () => (await t.handle.db.region.findMany({ orderBy: { position: 'asc' } })).map((r) => r.slug);

  it('moves a region one place, renumbers densely and audits it; the ends are no-ops', async () => {
    const before = await regionOrder();
    const second = await t.handle.db.region.findUniqueOrThrow({ where: { slug: before[1]! } });
    await moveRegion({ actor: admin, id: second.id, direction: 'up' });
    expect(await regionOrder()).toEqual([before[1], before[0], ...before.slice(2)]);
    expect((await t.handle.db.region.findMany({ orderBy: { position: 'asc' } })).map((r) => r.position)).toEqual(before.map((_, i) => i));
    const audit = await t.handle.db.auditLog.findFirstOrThrow({ where: { action: 'region.move', objectId: second.id } });
    expect(JSON.parse(audit.before!)).toEqual({ position: 1 });
    expect(JSON.parse(audit.after!)).toEqual({ position: 0 });
    await moveRegion({ actor: admin, id: second.id, direction: 'up' });
    expect(await regionOrder()).toEqual([before[1], before[0], ...before.slice(2)]);
  });

  it('moves a component only among the components of its own group', async () => {
    const calendar = await t.handle.db.component.findUniqueOrThrow({ where: { slug: 'calendar' } });
    const siblings = async () => (await t.handle.db.component.findMany({ where: { groupId: calendar.groupId }, orderBy: { position: 'asc' } })).map((c) => c.slug);
    const before = await siblings();
    const others = await t.handle.db.component.findMany({ where: { NOT: { groupId: calendar.groupId } }, orderBy: { id: 'asc' } });
    await moveComponent({ actor: admin, id: calendar.id, direction: 'down' });
    const i = before.indexOf('calendar');
    const expected = [...before];
    [expected[i], expected[i + 1]] = [expected[i + 1]!, expected[i]!];
    expect(await siblings()).toEqual(expected);
    expect(await t.handle.db.component.findMany({ where: { NOT: { groupId: calendar.groupId } }, orderBy: { id: 'asc' } })).toEqual(others);
  });

  it('moves groups, refuses unknown ids and non-admins', async () => {
    const groups = await t.handle.db.componentGroup.findMany({ orderBy: { position: 'asc' } });
    await moveGroup({ actor: admin, id: groups[0]!.id, direction: 'down' });
    expect((await t.handle.db.componentGroup.findMany({ orderBy: { position: 'asc' } })).map((g) => g.id)).toEqual([groups[1]!.id, groups[0]!.id, ...groups.slice(2).map((g) => g.id)]);
    await expect(moveGroup({ actor: admin, id: 'nope', direction: 'up' })).rejects.toThrow(/not found/);
    await expect(moveRegion({ actor: admin, id: 'nope', direction: 'up' })).rejects.toThrow(/not found/);
    await expect(moveComponent({ actor: admin, id: 'nope', direction: 'up' })).rejects.toThrow(/not found/);
    await expect(moveRegion({ actor: viewer, id: groups[0]!.id, direction: 'up' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
