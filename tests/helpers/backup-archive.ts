import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { Readable } from 'node:stream';

// Takes a backup apart and puts it back together, for tests that need a damaged, incomplete or
// doctored file whose other parts are still right.

export interface ArchiveEntry {
  name: string;
  body: Buffer;
}

export async function readEntries(file: string): Promise<ArchiveEntry[]> {
  const extract = tar.extract();
  Readable.from([gunzipSync(readFileSync(file))]).pipe(extract);
  const out: ArchiveEntry[] = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    out.push({ name: entry.header.name, body: Buffer.concat(chunks) });
  }
  return out;
}

export async function writeEntries(file: string, entries: ArchiveEntry[]): Promise<void> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, size: e.body.length }, e.body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  writeFileSync(file, gzipSync(Buffer.concat(chunks)));
}

interface Manifest {
  migration: string;
  tables: { name: string; file: string; rows: number; bytes: number; sha256: string }[];
}

/** Rewrites a backup, letting `change` edit its manifest and table files; the manifest's sizes and checksums are recomputed to match. */
export async function doctor(from: string, to: string, change: (manifest: Manifest, files: Map<string, Buffer>) => void): Promise<void> {
  const entries = await readEntries(from);
  const manifest = JSON.parse(entries[0]!.body.toString('utf8')) as Manifest;
  const files = new Map(entries.slice(1).map((e) => [e.name, e.body]));
  change(manifest, files);
  for (const t of manifest.tables) {
    const body = files.get(t.file);
    if (!body) continue;
    t.bytes = body.length;
    t.sha256 = createHash('sha256').update(body).digest('hex');
    t.rows = body.toString('utf8').split('\n').filter(Boolean).length;
  }
  await writeEntries(to, [{ name: entries[0]!.name, body: Buffer.from(JSON.stringify(manifest)) }, ...[...files].map(([name, body]) => ({ name, body }))]);
}
