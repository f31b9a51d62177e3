import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { Transform } from 'node:stream';

// A backup being written has its first byte (gzip's magic 0x1f) zeroed, so until it is verified
// and sealed no tool, Candor's or gzip, takes the work file for an archive: a kill -9 at any moment
// leaves nothing that passes `candor backup verify`. Sealing writes the byte back, then fsyncs.

const GZIP_MAGIC = 0x1f;

function firstByte(value: number): Transform {
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (first && chunk.length > 0) {
        first = false;
        chunk = Buffer.from(chunk);
        chunk[0] = value;
      }
      done(null, chunk);
    },
  });
}

/** For writing a work file: zeroes the first byte. */
export const unsealing = () => firstByte(0);

/** For reading a work file: puts the magic back in memory only. */
export const resealing = () => firstByte(GZIP_MAGIC);

/** Makes a verified work file a backup. */
export function seal(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.from([GZIP_MAGIC]), 0, 1, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
