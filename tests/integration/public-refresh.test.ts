import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { emitLocalChange, CHANGE_CHANNEL, CONTENT_VERSION_KEY } from '@/lib/server/changes';
import { openDb, type DbHandle } from '@/lib/server/db';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { refreshSnapshot } from '@/lib/server/public/refresh';
import { startSnapshotRefresher, type SnapshotRefresher } from '@/lib/server/public/snapshot-service';
import { snapshotStore } from '@/lib/server/public/store';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { TcpProxy } from '@/tests/helpers/tcp-proxy';

// The snapshot follows changes made elsewhere (NOTIFY, the content_version row) and survives the
// database going away: a TCP proxy in front of PostgreSQL stands in for the database server.


async function until(check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

const home = () => snapshotStore().current?.entries.get('/')?.body.toString() ?? '';

describe('snapshot refresh on PostgreSQL', () => {
  let t: TestDatabase;
  const proxy = new TcpProxy();
  let viaProxy: DbHandle;
  let refresher: SnapshotRefresher;
  const g = globalThis as unknown as { __candorDb?: DbHandle };

  beforeAll(async () => {
    t = await createTestDatabase('postgresql');
    t.install();
    await loadDemo({ actor: cliActor });
    await proxy.open();
    const url = new URL(t.url);
    url.port = String(proxy.port);
    viaProxy = openDb(url.toString());
    g.__candorDb = viaProxy;
    await refreshSnapshot();
    refresher = startSnapshotRefresher({ databaseUrl: url.toString(), log: () => undefined });
    await new Promise((r) => setTimeout(r, 1_500));
  });
  afterAll(async () => {
    await refresher?.stop();
    await viaProxy?.close();
    await proxy.close();
    snapshotStore().current = null;
    snapshotStore().lastGood = null;
    await t?.drop();
  });

  const rename = (name: string) => t.handle.db.pageSettings.update({ where: { id: 1 }, data: { name } });

  it('rebuilds on NOTIFY from another process within 2 s', async () => {
    await rename('Renamed by notify');
    await t.handle.pool!.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, 'test']);
    const ms = await until(() => home().includes('Renamed by notify'), 2_000);
    expect(ms).toBeLessThan(2_000);
  });

  it('rebuilds when the content_version row moves, without NOTIFY', async () => {
    await rename('Renamed by version');
    await t.handle.db.systemState.upsert({ where: { key: CONTENT_VERSION_KEY }, create: { key: CONTENT_VERSION_KEY, value: 'v-test' }, update: { value: 'v-test' } });
    await until(() => home().includes('Renamed by version'), 2_500);
  });

  it('rebuilds by itself when a maintenance window opens, with no change event', async () => {
    const opens = new Date(Date.now() + 1_500);
    await t.handle.db.incident.create({
      data: {
        id: 'maint-boundary',
        title: 'Boundary maintenance',
        kind: 'maintenance',
        status: 'scheduled',
        impact: 'none',
        scheduledFor: opens,
        scheduledUntil: new Date(opens.getTime() + 3_600_000),
        updates: { create: { status: 'scheduled', body: 'Planned.', authorName: 'x' } },
      },
    });
    emitLocalChange('maintenance created');
    const active = () => JSON.parse(snapshotStore().current?.entries.get('/api/v2/scheduled-maintenances/active.json')?.body.toString() ?? '{}') as { scheduled_maintenances?: { id: string; status: string }[] };
    await until(() => snapshotStore().current?.entries.has('/incidents/maint-boundary') === true, 2_000);
    expect(active().scheduled_maintenances?.some((m) => m.id === 'maint-boundary')).toBe(false);
    await until(() => active().scheduled_maintenances?.find((m) => m.id === 'maint-boundary')?.status === 'in_progress', 4_000);
    expect(Date.now()).toBeGreaterThanOrEqual(opens.getTime());
  });

  it('keeps serving the last good snapshot, marked stale, while the database is away, then recovers', async () => {
    // A rebuild still rendering would land after `before` with newer data.
    await until(() => snapshotStore().rebuilding === 0, 10_000);
    const before = snapshotStore().current!;
    expect(before.stale).toBe(false);
    await proxy.close();
    await rename('Renamed while away');
    emitLocalChange('test');
    await until(() => snapshotStore().current?.stale === true, 10_000);
    const stale = snapshotStore().current!;
    expect(stale.asOf).toBe(before.asOf);
    expect(stale.entries.get('/')!.status).toBe(200);
    expect(home()).toContain('We cannot reach our status database right now.');
    expect(JSON.parse(stale.entries.get('/api/v2/status.json')!.body.toString()).snapshot).toMatchObject({ stale: true });

    await proxy.open();
    await until(() => snapshotStore().current?.stale === false && home().includes('Renamed while away'), 20_000);
    expect(home()).not.toContain('We cannot reach our status database');
  });
});
