import type { DatabaseKind } from '../env';
import { sqliteIso } from '@/lib/server/sqlite-direct';
import type { ColumnType } from './data-model';

// One encoding per Prisma type, the same whichever engine a value came from, so a backup taken on
// SQLite restores into PostgreSQL and back. DateTime: ISO 8601 in UTC with milliseconds; BigInt and
// Decimal: decimal strings; Bytes: base64; Json: its JSON text; Boolean: true/false; null: null.

export type Encoded = string | number | boolean | null;

/** A value as read from the database (SQLite through better-sqlite3 with safe integers, PostgreSQL as text). */
export function encodeValue(engine: DatabaseKind, type: ColumnType, raw: unknown): Encoded {
  if (raw === null || raw === undefined) return null;
  switch (type) {
    case 'String':
    case 'Enum':
    case 'Json':
    case 'Decimal':
    case 'BigInt':
      return typeof raw === 'string' ? raw : String(raw);
    case 'Int':
    case 'Float':
      return Number(raw);
    case 'Boolean':
      return engine === 'postgresql' ? raw === 't' || raw === true : Number(raw) !== 0;
    case 'DateTime':
      return isoDate(raw);
    case 'Bytes':
      if (Buffer.isBuffer(raw)) return raw.toString('base64');
      // PostgreSQL's text form of bytea is \x followed by hex.
      return Buffer.from(String(raw).replace(/^\\x/, ''), 'hex').toString('base64');
  }
}

const STAMP = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*(Z|[+-]\d\d(?::?\d\d)?)?$/i;

/** Any stored timestamp (Prisma's ISO text, SQLite's CURRENT_TIMESTAMP, epoch milliseconds, PostgreSQL text) as UTC ISO. */
export function isoDate(raw: unknown): string {
  let date: Date;
  if (typeof raw === 'number' || typeof raw === 'bigint') date = new Date(Number(raw));
  else if (raw instanceof Date) date = raw;
  else {
    const m = STAMP.exec(String(raw));
    // A stamp without a zone is UTC: SQLite's CURRENT_TIMESTAMP and PostgreSQL's timestamp(3) both are.
    const zone = !m?.[3] || m[3].toUpperCase() === 'Z' ? 'Z' : m[3].length === 3 ? `${m[3]}:00` : m[3].replace(/^([+-]\d\d)(\d\d)$/, '$1:$2');
    date = new Date(m ? `${m[1]}T${m[2]}${zone}` : String(raw));
  }
  if (Number.isNaN(date.getTime())) throw new Error(`"${String(raw)}" is not a date`);
  return date.toISOString();
}

/** A backed-up value as the parameter that stores it in the target engine; throws when the value is not of the column's type. */
export function decodeValue(engine: DatabaseKind, type: ColumnType, value: unknown): unknown {
  if (value === null) return null;
  const fail = (what: string) => new Error(`expected ${what}, found ${JSON.stringify(value)?.slice(0, 40)}`);
  switch (type) {
    case 'String':
    case 'Enum':
    case 'Json':
      if (typeof value !== 'string') throw fail('a string');
      return value;
    case 'Int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw fail('a whole number');
      return value;
    case 'Float':
      if (typeof value !== 'number') throw fail('a number');
      return value;
    case 'BigInt':
      if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw fail('a whole number as a string');
      return engine === 'sqlite' ? BigInt(value) : value;
    case 'Decimal':
      if (typeof value !== 'string' || !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)) throw fail('a decimal number as a string');
      return engine === 'sqlite' ? Number(value) : value;
    case 'Boolean':
      if (typeof value !== 'boolean') throw fail('true or false');
      return engine === 'sqlite' ? (value ? 1 : 0) : value;
    case 'DateTime': {
      if (typeof value !== 'string') throw fail('an ISO 8601 time');
      const iso = isoDate(value);
      // Prisma's own SQLite text form, so Candor's textual comparisons keep working.
      return engine === 'sqlite' ? sqliteIso(new Date(iso)) : iso;
    }
    case 'Bytes':
      if (typeof value !== 'string') throw fail('base64 text');
      return Buffer.from(value, 'base64');
  }
}
