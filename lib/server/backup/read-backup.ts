import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { AppError } from '../errors';
import { resealing } from './seal';
import { BackupManifest, FORMAT, MANIFEST_FILE, type ManifestTable } from './manifest';

// Reads a backup as a stream, one table at a time, checking as it goes: the manifest comes first,
// each table's bytes are hashed while its rows are handed on, and a table whose SHA-256, size or
// row count differs from the manifest, a missing table, or a damaged archive is an error.

export type BackupRow = Record<string, unknown>;
export type TableVisitor = (table: ManifestTable, rows: AsyncIterable<BackupRow>) => Promise<void>;

const MANIFEST_LIMIT = 1 << 20;

export const badBackup = (file: string, why: string) => new AppError('validation', `${file} ${why}`);

/**
 * Reads the whole backup; `visit` (if given) receives each table's rows in the archive's order.
 * `unsealed`: the file is `candor backup`'s own work file, read before it is sealed (seal.ts).
 */
export async function readBackup(file: string, visit?: TableVisitor, opts: { unsealed?: boolean } = {}): Promise<BackupManifest> {
  const source = createReadStream(file);
  const gunzip = createGunzip();
  const extract = tar.extract();
  let streamError: Error | undefined;
  const fail = (error: Error) => {
    streamError ??= error;
    extract.destroy(error);
  };
  source.on('error', fail);
  gunzip.on('error', fail);
  (opts.unsealed ? source.pipe(resealing()) : source).pipe(gunzip).pipe(extract);
  let manifest: BackupManifest | undefined;
  let next = 0;
  try {
    for await (const entry of extract) {
      if (!manifest) {
        manifest = parseManifest(file, entry.header.name, await readAll(entry, MANIFEST_LIMIT, file));
        continue;
      }
      const at = manifest.tables.findIndex((t, i) => i >= next && t.file === entry.header.name);
      if (at < 0) throw badBackup(file, `has an entry its manifest does not list: ${entry.header.name}`);
      if (at > next) throw incomplete(file, manifest.tables.slice(next, at));
      const table = manifest.tables[at]!;
      next = at + 1;
      const rows = tableRows(file, table, entry);
      if (visit) await visit(table, rows);
      // Whatever the visitor left unread is still hashed and counted.
      for await (const _row of rows) void _row;
    }
  } catch (error) {
    throw describe(file, streamError ?? error);
  } finally {
    source.destroy();
  }
  if (streamError) throw describe(file, streamError);
  if (!manifest) throw badBackup(file, 'is not a Candor backup: the archive is empty');
  if (next < manifest.tables.length) throw incomplete(file, manifest.tables.slice(next));
  return manifest;
}

function incomplete(file: string, missing: ManifestTable[]): AppError {
  return badBackup(file, `is incomplete: ${missing.map((t) => t.file).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
}

function parseManifest(file: string, name: string, bytes: Buffer): BackupManifest {
  if (name !== MANIFEST_FILE) throw badBackup(file, `is not a Candor backup: it does not start with ${MANIFEST_FILE}`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw badBackup(file, `is not a Candor backup: ${MANIFEST_FILE} is not JSON`);
  }
  if ((json as { format?: unknown })?.format !== FORMAT) throw badBackup(file, `is not a Candor backup: ${MANIFEST_FILE} does not name the format "${FORMAT}"`);
  const parsed = BackupManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badBackup(file, `has a damaged ${MANIFEST_FILE}: ${issue?.path.join('.') || 'manifest'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

async function readAll(entry: AsyncIterable<unknown>, limit: number, file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const piece of entry) {
    const chunk = piece as Buffer;
    size += chunk.length;
    if (size > limit) throw badBackup(file, `is not a Candor backup: ${MANIFEST_FILE} is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function* tableRows(file: string, table: ManifestTable, entry: AsyncIterable<unknown>): AsyncGenerator<BackupRow> {
  const hash = createHash('sha256');
  let bytes = 0;
  let rows = 0;
  let rest = '';
  // A chunk may end inside a multi-byte character: the decoder holds its first bytes for the next.
  const text = new StringDecoder('utf8');
  const where = () => `${table.file} line ${rows}`;
  const parse = (line: string): BackupRow => {
    rows += 1;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw badBackup(file, `is damaged: ${where()} is not JSON`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw badBackup(file, `is damaged: ${where()} is not a row`);
    return row as BackupRow;
  };
  for await (const piece of entry) {
    const chunk = piece as Buffer;
    hash.update(chunk);
    bytes += chunk.length;
    const lines = (rest + text.write(chunk)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) yield parse(line);
  }
  rest += text.end();
  if (rest !== '') yield parse(rest);
  if (bytes !== table.bytes || hash.digest('hex') !== table.sha256) throw badBackup(file, `is damaged: the SHA-256 of ${table.file} does not match the manifest`);
  if (rows !== table.rows) throw badBackup(file, `is damaged: ${table.file} holds ${rows} rows, the manifest says ${table.rows}`);
}

function describe(file: string, error: unknown): Error {
  if (error instanceof AppError) return error;
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return badBackup(file, 'does not exist');
  if (e?.code === 'EISDIR') return badBackup(file, 'is a folder, not a backup file');
  if (e?.code === 'Z_DATA_ERROR' && /header/i.test(e.message)) return badBackup(file, 'is not a Candor backup: it is not gzip-compressed');
  if (e?.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e?.message ?? '')) return badBackup(file, 'is truncated: the archive ends before its end');
  if (e?.code?.startsWith('Z_')) return badBackup(file, `is damaged: ${e.message}`);
  if (e instanceof Error && /tar|header|checksum/i.test(e.message)) return badBackup(file, `is not a Candor backup: ${e.message}`);
  return error instanceof Error ? error : new Error(String(error));
}
