import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fsyncSync, openSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { MANIFEST_FILE, type BackupManifest } from './manifest';
import { unsealing } from './seal';

// Tar needs each entry's size before its bytes, so each table is first streamed to its own part
// file (hashed and counted on the way), then the parts are packed behind the manifest.

export interface Part {
  rows: number;
  bytes: number;
  sha256: string;
}

/** Writes NDJSON lines to a file, waiting whenever the disk is behind, so memory stays flat. */
export async function writePart(path: string, lines: AsyncIterable<string[]>): Promise<Part> {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  let rows = 0;
  let bytes = 0;
  try {
    for await (const batch of lines) {
      const text = batch.map((line) => `${line}\n`).join('');
      const chunk = Buffer.from(text, 'utf8');
      hash.update(chunk);
      bytes += chunk.length;
      rows += batch.length;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } finally {
    out.destroy();
  }
  return { rows, bytes, sha256: hash.digest('hex') };
}

/** Packs the manifest and the parts (in the manifest's order) into a gzip-compressed tar, unsealed (seal.ts), then fsyncs it. */
export async function writeArchive(path: string, manifest: BackupManifest, partPath: (file: string) => string): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, createGzip(), unsealing(), createWriteStream(path));
  const feed = (async () => {
    const mtime = new Date(manifest.takenAt);
    const json = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
    await entryDone(pack, { name: MANIFEST_FILE, size: json.length, mtime }, json);
    for (const t of manifest.tables) {
      const entry = pack.entry({ name: t.file, size: t.bytes, mtime });
      await pipeline(createReadStream(partPath(t.file)), entry);
    }
    pack.finalize();
  })();
  feed.catch((error: Error) => pack.destroy(error));
  await Promise.all([written, feed]);
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function entryDone(pack: tar.Pack, header: Partial<tar.Header> & { name: string }, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry(header, body, (error) => (error ? reject(error) : resolve()));
  });
}
