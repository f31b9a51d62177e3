import pg from 'pg';
import { databaseKindOf } from '../env';

// Tells "the database server cannot be reached right now" (refused, timed out, starting up, too
// many connections) apart from answers that will not change by waiting (wrong password, no such
// database, migrated by a newer Candor): only the first lets `candor start` serve a saved page.

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);
/** SQLSTATEs of a server that is there but not taking connections yet (57P0x: shutting down or starting up). */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

export function isUnreachable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || TRANSIENT_SQLSTATES.has(e.code) || /^08/.test(e.code))) return true;
  // Node's happy-eyeballs connect fails with an AggregateError of one error per address.
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isUnreachable)) return true;
  return typeof e.message === 'string' && /timeout|timed out|Connection terminated/i.test(e.message);
}

export type Probe = { reachable: true } | { reachable: false; reason: string };

const describe = (error: unknown): string => {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown };
  const message = typeof e?.message === 'string' && e.message ? e.message.split('\n')[0]! : Array.isArray(e?.errors) ? describe(e.errors[0]) : String(error);
  return typeof e?.code === 'string' && !message.includes(e.code) ? `${e.code} ${message}` : message;
};

/**
 * One connection attempt within `timeoutMs`. A SQLite file is always reachable, and so is a server
 * that answers with an error waiting will not fix: the caller's own attempt then reports it.
 */
export async function probeDatabase(url: string, timeoutMs = 3_000): Promise<Probe> {
  if (databaseKindOf(url) !== 'postgresql') return { reachable: true };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { reachable: true };
  } catch (error) {
    return isUnreachable(error) ? { reachable: false, reason: describe(error) } : { reachable: true };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Probes with backoff (0.5 s doubling to `maxDelayMs`) until the database is reachable; rejects when `signal` aborts. */
export async function waitForDatabase(url: string, signal: AbortSignal, maxDelayMs = 5_000): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    signal.throwIfAborted();
    if ((await probeDatabase(url)).reachable) return;
    signal.throwIfAborted();
    const delay = Math.min(maxDelayMs, 500 * 2 ** Math.min(attempt, 10));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(done, delay);
      function done() {
        signal.removeEventListener('abort', done);
        clearTimeout(timer);
        if (signal.aborted) reject(signal.reason);
        else resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
