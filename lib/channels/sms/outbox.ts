import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SmsEncoding } from './encoding';

// The local SMS outbox in the data folder: without SMS_URL, every text Candor would have sent is
// kept here as one JSON file, newest kept, and the console's "SMS outbox" page lists them.

export const SMS_OUTBOX_LIMIT = 500;
const ID = /^\d{13}-\d{6}-[a-z0-9]+$/;
const g = globalThis as unknown as { __candorSmsSeq?: number; __candorSmsSaved?: number };

export interface OutboxSms {
  id: string;
  at: Date;
  to: string;
  /** The sender ID as it would have gone out; null: the SMSC's default. */
  from: string | null;
  text: string;
  encoding: SmsEncoding;
  segments: number;
  /** The delivery it belongs to. */
  reference: string;
}

function newId(now: number): string {
  g.__candorSmsSeq = ((g.__candorSmsSeq ?? 0) + 1) % 1_000_000;
  return `${now}-${String(g.__candorSmsSeq).padStart(6, '0')}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Keeps one text; prunes the oldest past `limit` now and then. Returns its id. */
export function keepSms(dir: string, sms: Omit<OutboxSms, 'id' | 'at'>, now = Date.now(), limit = SMS_OUTBOX_LIMIT): OutboxSms {
  const kept: OutboxSms = { id: newId(now), at: new Date(now), ...sms };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${kept.id}.json`), JSON.stringify(kept));
  g.__candorSmsSaved = (g.__candorSmsSaved ?? 0) + 1;
  if (g.__candorSmsSaved % 50 === 0) pruneSmsOutbox(dir, limit);
  return kept;
}

/** Ids newest first. */
function listIds(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((id) => ID.test(id))
    .sort()
    .reverse();
}

export function pruneSmsOutbox(dir: string, limit = SMS_OUTBOX_LIMIT): void {
  for (const id of listIds(dir).slice(limit)) {
    try {
      unlinkSync(join(/*turbopackIgnore: true*/ dir, `${id}.json`));
    } catch {
      // already gone: another process pruned it
    }
  }
}

function load(dir: string, id: string): OutboxSms | null {
  try {
    const raw = JSON.parse(readFileSync(join(/*turbopackIgnore: true*/ dir, `${id}.json`), 'utf8')) as OutboxSms;
    return { ...raw, at: new Date(raw.at) };
  } catch {
    return null;
  }
}

/** One page of the outbox, newest first. */
export function listSmsOutbox(dir: string, opts: { offset?: number; limit?: number } = {}): { total: number; messages: OutboxSms[] } {
  const ids = listIds(dir);
  const offset = opts.offset ?? 0;
  const page = ids.slice(offset, offset + (opts.limit ?? 50));
  return { total: ids.length, messages: page.map((id) => load(dir, id)).filter((m): m is OutboxSms => m !== null) };
}
