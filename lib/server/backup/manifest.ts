import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../paths';
import { COLUMN_TYPES, type ColumnType } from './data-model';

// The archive: a gzip-compressed tar holding manifest.json first, then one NDJSON file per table
// (tables/<Table>.ndjson, one JSON object per row), in an order where every table follows the
// tables its foreign keys point to. The README's "Backups" section documents the same.

export const FORMAT = 'candor-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const tableFile = (table: string) => `tables/${table}.ndjson`;

export const BackupManifest = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int().positive(),
  candorVersion: z.string(),
  /** The last migration applied to the database the backup was taken from. */
  migration: z.string().min(1),
  engine: z.enum(['sqlite', 'postgresql']),
  takenAt: z.string(),
  tables: z.array(
    z.object({
      name: z.string().min(1),
      file: z.string().min(1),
      rows: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      columns: z.array(z.object({ name: z.string().min(1), type: z.enum(COLUMN_TYPES as [ColumnType, ...ColumnType[]]) })),
    }),
  ),
});
export type BackupManifest = z.infer<typeof BackupManifest>;
export type ManifestTable = BackupManifest['tables'][number];

/** This Candor's version, from package.json. */
export function candorVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}
