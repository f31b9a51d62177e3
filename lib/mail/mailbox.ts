import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { mailboxDir } from '@/lib/server/paths';
import { audienceOf, headerLines, redactSecrets, type MailAudience } from './private-mail';

// The local sink's mailbox, in the data folder: subscriber mail as .eml files, so the console
// shows every notice and confirmation Candor sent when no SMTP server is configured. Staff mail
// (password resets) is kept apart in staff/, already redacted: its live links never reach disk.

export const MAILBOX_LIMIT = 500;
const STAFF = 'staff';

const g = globalThis as unknown as { __candorMailboxSeq?: number; __candorMailboxSaved?: number };
const ID = /^\d{13}-\d{6}-[a-z0-9]+$/;

function newId(): string {
  g.__candorMailboxSeq = ((g.__candorMailboxSeq ?? 0) + 1) % 1_000_000;
  return `${Date.now()}-${String(g.__candorMailboxSeq).padStart(6, '0')}-${Math.random().toString(36).slice(2, 6)}`;
}

export interface MailboxSummary {
  id: string;
  audience: MailAudience;
  receivedAt: Date;
  from: string;
  to: string;
  subject: string;
}

export interface MailboxMessage extends MailboxSummary {
  /** Null for staff mail: its HTML is never kept, so no markup can hide a secret from redaction. */
  html: string | null;
  text: string;
  headers: { name: string; value: string }[];
  size: number;
}

async function parseRaw(id: string, raw: Buffer): Promise<MailboxMessage> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const headers = headerLines(raw);
  const addr = (a: typeof parsed.to) => (Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? ''));
  const m: MailboxMessage = {
    id,
    audience: audienceOf(headers),
    receivedAt: new Date(Number(id.slice(0, 13))),
    from: parsed.from?.text ?? '',
    to: addr(parsed.to),
    subject: parsed.subject ?? '(no subject)',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    text: parsed.text ?? '',
    headers,
    size: raw.length,
  };
  return m.audience === 'staff' ? redact(m) : m;
}

/** Staff mail as the console may show it: every field redacted, no HTML. */
function redact(m: MailboxMessage): MailboxMessage {
  return {
    ...m,
    audience: 'staff',
    from: redactSecrets(m.from),
    to: redactSecrets(m.to),
    subject: redactSecrets(m.subject),
    html: null,
    text: redactSecrets(m.text),
    headers: m.headers.map((h) => ({ name: h.name, value: redactSecrets(h.value) })),
  };
}

/** Keeps one received message: subscriber mail raw, staff mail redacted; prunes the oldest now and then. */
export async function keepMessage(dir: string, raw: Buffer, limit = MAILBOX_LIMIT): Promise<string> {
  const id = newId();
  if (audienceOf(headerLines(raw)) === 'subscriber') {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${id}.eml`), raw);
  } else {
    mkdirSync(join(dir, STAFF), { recursive: true });
    writeFileSync(join(dir, STAFF, `${id}.json`), JSON.stringify(await parseRaw(id, raw)));
  }
  g.__candorMailboxSaved = (g.__candorMailboxSaved ?? 0) + 1;
  if (g.__candorMailboxSaved % 50 === 0) pruneMailbox(dir, limit);
  return id;
}

/** Raw mail kept before staff mail was told apart: anything not marked for subscribers becomes a redacted record, so no live link stays on disk. */
export async function secureKeptMail(dir: string): Promise<number> {
  let moved = 0;
  for (const id of listIds(dir, '.eml')) {
    const file = join(dir, `${id}.eml`);
    const raw = readFileSync(file);
    if (audienceOf(headerLines(raw)) === 'subscriber') continue;
    mkdirSync(join(dir, STAFF), { recursive: true });
    writeFileSync(join(dir, STAFF, `${id}.json`), JSON.stringify(await parseRaw(id, raw)));
    unlinkSync(file);
    moved += 1;
  }
  return moved;
}

export function pruneMailbox(dir: string, limit = MAILBOX_LIMIT): void {
  for (const [folder, ext] of [[dir, '.eml'], [join(dir, STAFF), '.json']] as const) {
    for (const id of listIds(folder, ext).slice(limit)) {
      try {
        unlinkSync(join(/*turbopackIgnore: true*/ folder, `${id}${ext}`));
      } catch {
        // already gone: another process pruned it
      }
    }
  }
}

/** Message ids in one folder, newest first. */
function listIds(folder: string, ext: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length))
    .filter((id) => ID.test(id))
    .sort()
    .reverse();
}

async function load(dir: string, id: string): Promise<MailboxMessage | null> {
  try {
    const staff = join(dir, STAFF, `${id}.json`);
    if (existsSync(staff)) {
      const m = JSON.parse(readFileSync(staff, 'utf8')) as MailboxMessage;
      return redact({ ...m, receivedAt: new Date(m.receivedAt) });
    }
    return await parseRaw(id, readFileSync(join(dir, `${id}.eml`)));
  } catch {
    return null;
  }
}

const summary = ({ id, audience, receivedAt, from, to, subject }: MailboxMessage): MailboxSummary => ({ id, audience, receivedAt, from, to, subject });

/**
 * One page of the mailbox, newest first. `audience: 'subscriber'` lists only mail marked for
 * subscribers (a message kept raw before the marks existed counts as staff mail); 'all' adds staff mail, redacted.
 */
export async function listMailbox(opts: { audience: 'subscriber' | 'all'; dir?: string; offset?: number; limit?: number }): Promise<{ total: number; messages: MailboxSummary[] }> {
  const dir = opts.dir ?? mailboxDir();
  let ids = [...listIds(dir, '.eml'), ...(opts.audience === 'all' ? listIds(join(dir, STAFF), '.json') : [])].sort().reverse();
  if (opts.audience === 'subscriber') ids = ids.filter((id) => isSubscriberEml(dir, id));
  const page = ids.slice(opts.offset ?? 0, (opts.offset ?? 0) + (opts.limit ?? 50));
  const messages = (await Promise.all(page.map((id) => load(dir, id)))).filter((m): m is MailboxMessage => m !== null);
  return { total: ids.length, messages: messages.map(summary) };
}

function isSubscriberEml(dir: string, id: string): boolean {
  try {
    return audienceOf(headerLines(readFileSync(join(dir, `${id}.eml`)))) === 'subscriber';
  } catch {
    return false;
  }
}

/** One message, or null when it does not exist or is staff mail and only subscriber mail may be read. */
export async function readMailboxMessage(id: string, opts: { audience: 'subscriber' | 'all'; dir?: string }): Promise<MailboxMessage | null> {
  if (!ID.test(id)) return null;
  const m = await load(opts.dir ?? mailboxDir(), id);
  if (!m || (opts.audience === 'subscriber' && m.audience !== 'subscriber')) return null;
  return m;
}
