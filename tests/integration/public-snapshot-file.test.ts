import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '@/lib/server/actor';
import { dataDir, snapshotFilePath } from '@/lib/server/paths';
import { loadDemo } from '@/lib/server/seed/load-demo';
import { loadPublicModel } from '@/lib/server/public/load-public-model';
import type { PublicModel } from '@/lib/server/public/model';
import { buildSnapshot } from '@/lib/server/public/snapshot';
import { readSnapshotFile, snapshotFileWriter, SNAPSHOT_FILE_VERSION, writeSnapshotFile } from '@/lib/server/public/snapshot-file';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// The public snapshot saved to disk for a start without the database: a real model (the demo)
// survives the round trip byte for byte, and anything else on disk is ignored with a reason.

const URL_A = 'postgresql://candor:secret@db.example.com:5432/candor';

describe('the saved public snapshot file', () => {
  let t: TestDatabase;
  let model: PublicModel;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    t.install();
    await loadDemo({ actor: cliActor });
    model = await loadPublicModel(new Date());
    dir = mkdtempSync(join(tmpdir(), 'candor-snapshot-file-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.drop();
  });

  it('is kept in the data folder, one per database but not per password', () => {
    expect(dirname(snapshotFilePath(t.url))).toBe(dataDir());
    expect(dirname(snapshotFilePath(URL_A, dir))).toBe(dir);
    expect(snapshotFilePath(URL_A.replace('secret', 'rotated'))).toBe(snapshotFilePath(URL_A));
    expect(snapshotFilePath(URL_A.replace('/candor', '/other'))).not.toBe(snapshotFilePath(URL_A));
    expect(snapshotFilePath(URL_A.replace(':5432', ':5433'))).not.toBe(snapshotFilePath(URL_A));
  });

  it('round-trips the demo model and renders the same pages from it', async () => {
    const path = join(dir, 'round-trip.json');
    await writeSnapshotFile(path, URL_A, model, new Date('2026-11-25T12:00:00Z'));
    const read = await readSnapshotFile(path, URL_A.replace('secret', 'rotated'));
    expect(read.kind).toBe('ok');
    if (read.kind !== 'ok') return;
    expect(read.savedAt).toBe('2026-11-25T12:00:00.000Z');
    expect(read.model).toEqual(model);
    expect(readFileSync(path, 'utf8')).not.toContain('secret');
    const now = new Date();
    const original = buildSnapshot(model, now, { stale: true });
    const restored = buildSnapshot(read.model, now, { stale: true });
    expect([...restored.entries.keys()]).toEqual([...original.entries.keys()]);
    expect(restored.entries.get('/')!.body.equals(original.entries.get('/')!.body)).toBe(true);
    expect(restored.entries.get('/api/v2/summary.json')!.hash).toBe(original.entries.get('/api/v2/summary.json')!.hash);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('ignores a missing, cut-short, foreign, other-version, other-database or damaged file, saying why', async () => {
    const path = join(dir, 'bad.json');
    expect(await readSnapshotFile(join(dir, 'nothing-here.json'), URL_A)).toEqual({ kind: 'missing' });

    await writeSnapshotFile(path, URL_A, model);
    const whole = readFileSync(path, 'utf8');
    writeFileSync(path, whole.slice(0, Math.floor(whole.length / 2)));
    expect(await readSnapshotFile(path, URL_A)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/not valid JSON/) });

    writeFileSync(path, JSON.stringify({ hello: 'world' }));
    expect(await readSnapshotFile(path, URL_A)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/not a Candor public snapshot/) });

    const file = JSON.parse(whole) as { version: number; database: string; model: PublicModel };
    writeFileSync(path, JSON.stringify({ ...file, version: SNAPSHOT_FILE_VERSION + 1 }));
    expect(await readSnapshotFile(path, URL_A)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/another version of Candor/) });

    writeFileSync(path, whole);
    expect(await readSnapshotFile(path, URL_A.replace('/candor', '/other'))).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/another database/) });

    const broken = structuredClone(file);
    (broken.model.components[0] as { status: string }).status = 'on_fire';
    writeFileSync(path, JSON.stringify(broken));
    expect(await readSnapshotFile(path, URL_A)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/damaged \(model\.components\.0\.status/) });

    const missingField = structuredClone(file) as { model: Partial<PublicModel> };
    delete missingField.model.regions;
    writeFileSync(path, JSON.stringify(missingField));
    expect(await readSnapshotFile(path, URL_A)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/damaged \(model\.regions/) });

    writeFileSync(path, whole);
    expect((await readSnapshotFile(path, URL_A)).kind).toBe('ok');
  });

  it('writes only when the content changed, not when only the read time moved', async () => {
    const path = join(dir, 'sub', 'writer.json');
    const lines: string[] = [];
    const writer = snapshotFileWriter(path, URL_A, (line) => lines.push(line));
    writer.save(model);
    await writer.flush();
    const first = readFileSync(path, 'utf8');
    writer.save({ ...model, loadedAt: new Date(Date.parse(model.loadedAt) + 60_000).toISOString() });
    await writer.flush();
    expect(readFileSync(path, 'utf8')).toBe(first);

    const renamed = { ...model, page: { ...model.page, name: 'Renamed for the file' }, loadedAt: new Date().toISOString() };
    writer.save(model);
    writer.save(renamed);
    await writer.flush();
    const read = await readSnapshotFile(path, URL_A);
    expect(read.kind === 'ok' && read.model).toEqual(renamed);
    expect(lines).toEqual([]);
    expect(readdirSync(dirname(path))).toEqual(['writer.json']);
  });

  it('survives several writers on one file: every read sees one whole file', async () => {
    const path = join(dir, 'shared.json');
    const writers = [0, 1, 2].map(() => snapshotFileWriter(path, URL_A, () => undefined));
    const named = (k: number, round: number) => ({ ...model, page: { ...model.page, name: `writer ${k} round ${round}` } });
    writers.forEach((w, k) => w.save(named(k, 0)));
    await Promise.all(writers.map((w) => w.flush()));
    for (let round = 1; round < 15; round += 1) {
      writers.forEach((w, k) => w.save(named(k, round)));
      const read = await readSnapshotFile(path, URL_A);
      expect(read.kind === 'ok' && read.model.page.name).toMatch(/^writer \d round \d+$/);
    }
    await Promise.all(writers.map((w) => w.flush()));
    const last = await readSnapshotFile(path, URL_A);
    expect(last.kind === 'ok' && last.model.page.name).toMatch(/^writer \d round 14$/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('logs a failure to save once, and keeps going when the folder becomes writable', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the folder should be');
    const path = join(blocker, 'snapshot.json');
    const lines: string[] = [];
    const writer = snapshotFileWriter(path, URL_A, (line) => lines.push(line));
    writer.save(model);
    await writer.flush();
    writer.save({ ...model, page: { ...model.page, name: 'Second try' } });
    await writer.flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot save/);
    rmSync(blocker);
    writer.save({ ...model, page: { ...model.page, name: 'Third try' } });
    await writer.flush();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/saved to .* again/);
    const read = await readSnapshotFile(path, URL_A);
    expect(read.kind === 'ok' && read.model.page.name).toBe('Third try');
  });
});
