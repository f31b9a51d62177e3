import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { COMPONENT_STATUSES, DATA_STATES, type IncidentImpactLevel, type IncidentStatus } from '@/lib/domain/status';
import { redact } from '../env';
import type { PublicModel } from './model';
import type { LineLog } from '../log/logger';

// The last good public model on disk, so that a process starting while its database is unreachable
// can serve the status page (marked stale) instead of nothing. One JSON file per database, written
// aside and renamed into place, so instances sharing it never read a half-written file.

export const SNAPSHOT_FILE_FORMAT = 'candor-public-snapshot';
/** Bump when PublicModel changes shape; files of another version are ignored. */
export const SNAPSHOT_FILE_VERSION = 2;
/** An unchanged model is written again after this long, so that its "as of" time stays recent. */
const RESTAMP_MS = 5 * 60_000;

const nullable = z.string().nullable();
const componentStatus = z.enum(COMPONENT_STATUSES);
const impactCell = z.object({ componentId: z.string(), regionId: z.string(), status: componentStatus, dataState: z.enum(DATA_STATES), affectedUsers: z.number(), restoredUsers: z.number() });
const incidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem', 'scheduled', 'in_progress', 'verifying', 'completed'] as const satisfies readonly IncidentStatus[]);
// Files saved before staff text had translations read as having none.
const translations = z.record(z.string(), z.record(z.string(), z.string())).optional();
const impactLevel = z.enum(['none', 'minor', 'major', 'critical'] as const satisfies readonly IncidentImpactLevel[]);

// Typed against PublicModel: a field added there fails the type-check until it is added here too.
const publicModel: z.ZodType<PublicModel> = z.object({
  page: z.object({ id: z.string(), name: z.string(), url: z.string(), timeZone: z.string(), supportUrl: nullable, brandColor: z.string(), logoText: nullable, footerText: nullable, translations, updatedAt: z.string() }),
  groups: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), description: nullable, translations, position: z.number(), createdAt: z.string(), updatedAt: z.string() })),
  components: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      description: nullable,
      translations,
      groupId: nullable,
      position: z.number(),
      status: componentStatus,
      dataKind: nullable,
      showcase: z.boolean(),
      onlyShowIfDegraded: z.boolean(),
      startDate: nullable,
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  regions: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      carrier: z.string(),
      product: z.string(),
      market: z.string(),
      locale: z.string(),
      // Files written before regions offered languages read as offering every language.
      languages: z.string().default(''),
      timeZone: z.string(),
      estimatedUsers: z.number(),
      accentColor: z.string(),
      supportUrl: nullable,
      position: z.number(),
    }),
  ),
  incidents: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      kind: z.enum(['outage', 'degradation', 'data_loss', 'maintenance']),
      status: incidentStatus,
      impact: impactLevel,
      startedAt: z.string(),
      identifiedAt: nullable,
      monitoringAt: nullable,
      resolvedAt: nullable,
      scheduledFor: nullable,
      scheduledUntil: nullable,
      autoTransition: z.boolean(),
      postmortemBody: nullable,
      postmortemPublishedAt: nullable,
      translations,
      createdAt: z.string(),
      updatedAt: z.string(),
      impacts: z.array(impactCell),
      updates: z.array(
        z.object({ id: z.string(), status: incidentStatus, body: z.string(), bodies: z.record(z.string(), z.string()), lang: z.string().optional(), translations: z.array(z.object({ lang: z.string(), body: z.string(), bodies: z.record(z.string(), z.string()).optional() })).optional(), nextUpdateAt: nullable, displayAt: z.string(), createdAt: z.string(), updatedAt: z.string(), deliverNotifications: z.boolean(), impacts: z.array(impactCell) }),
      ),
    }),
  ),
  loadedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a time'),
});

const fileHead = z.object({ format: z.literal(SNAPSHOT_FILE_FORMAT), version: z.number(), database: z.string() });
const fileBody = z.object({ savedAt: z.string(), model: publicModel });

/** Writes the file aside, flushes it to disk, and renames it into place. */
export async function writeSnapshotFile(path: string, databaseUrl: string, model: PublicModel, savedAt: Date = new Date()): Promise<void> {
  const body = JSON.stringify({ format: SNAPSHOT_FILE_FORMAT, version: SNAPSHOT_FILE_VERSION, database: redact(databaseUrl), savedAt: savedAt.toISOString(), model });
  await mkdir(dirname(path), { recursive: true });
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(aside, 'w');
    try {
      await handle.writeFile(body);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(aside, path);
  } catch (error) {
    await rm(aside, { force: true });
    throw error;
  }
}

export type SnapshotFileRead = { kind: 'ok'; model: PublicModel; savedAt: string } | { kind: 'missing' } | { kind: 'ignored'; reason: string };

/** Reads a saved snapshot; anything but a whole file of this version for this database is ignored, with the reason. */
export async function readSnapshotFile(path: string, databaseUrl: string): Promise<SnapshotFileRead> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'ignored', reason: `cannot read it: ${(error as Error).message}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { kind: 'ignored', reason: 'it is not valid JSON (cut short or damaged)' };
  }
  const head = fileHead.safeParse(parsed);
  if (!head.success) return { kind: 'ignored', reason: 'it is not a Candor public snapshot file' };
  if (head.data.version !== SNAPSHOT_FILE_VERSION) return { kind: 'ignored', reason: `it was written by another version of Candor (format ${head.data.version}; this one reads ${SNAPSHOT_FILE_VERSION})` };
  if (head.data.database !== redact(databaseUrl)) return { kind: 'ignored', reason: 'it belongs to another database' };
  const body = fileBody.safeParse(parsed);
  if (!body.success) {
    const issue = body.error.issues[0];
    return { kind: 'ignored', reason: `it is damaged (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})` };
  }
  return { kind: 'ok', model: body.data.model, savedAt: body.data.savedAt };
}

/** What decides whether a model is worth writing again: everything but the time it was read. */
const contentHash = (model: PublicModel): string => createHash('sha256').update(JSON.stringify({ ...model, loadedAt: '' })).digest('base64url');

export interface SnapshotFileWriter {
  /** Queues the model; written when its content changed or the saved copy is getting old. */
  save(model: PublicModel): void;
  /** Waits for the write in progress, if any. */
  flush(): Promise<void>;
}

/** One writer per process and file: writes one at a time, the newest model wins, failures are logged once per change of state. */
export function snapshotFileWriter(path: string, databaseUrl: string, log: LineLog): SnapshotFileWriter {
  let savedHash: string | null = null;
  let savedAtMs = 0;
  let pending: PublicModel | null = null;
  let running: Promise<void> | null = null;
  let failing = false;

  const drain = async () => {
    while (pending) {
      const model = pending;
      pending = null;
      const hash = contentHash(model);
      if (hash === savedHash && Date.now() - savedAtMs < RESTAMP_MS) continue;
      try {
        await writeSnapshotFile(path, databaseUrl, model);
        savedHash = hash;
        savedAtMs = Date.now();
        if (failing) log(`public snapshot: saved to ${path} again`);
        failing = false;
      } catch (error) {
        if (!failing) log(`public snapshot: cannot save ${path} (a restart while the database is down would have nothing to serve): ${(error as Error).message}`, 'warn');
        failing = true;
      }
    }
  };
  const kick = () => {
    running = drain().finally(() => {
      running = null;
      if (pending) kick();
    });
  };
  return {
    save(model) {
      pending = model;
      if (!running) kick();
    },
    async flush() {
      while (running) await running;
    },
  };
}
