import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { env } from '@/lib/server/env';
import { projectRoot } from '@/lib/server/paths';
import { sqliteFilePath } from '@/lib/server/sqlite-path';

// The local sink's mailbox: the newest messages as .eml files beside the database, so the
// console can show every e-mail Candor sent when no SMTP server is configured.

export const MAILBOX_LIMIT = 500;

export function mailboxDir(): string {
  const e = env();
  if (e.databaseKind === 'sqlite') {
    const file = sqliteFilePath(e.databaseUrl);
    if (file !== ':memory:') return join(dirname(file), 'mailbox');
  }
  return join(projectRoot(), 'data', 'mailbox');
}

const g = globalThis as unknown as { __candorMailboxSeq?: number; __candorMailboxSaved?: number };
const ID = /^\d{13}-\d{6}-[a-z0-9]+$/;

/** Keeps one raw message; prunes the oldest beyond the limit now and then. */
export function saveToMailbox(dir: string, raw: Buffer, limit = MAILBOX_LIMIT): string {
  mkdirSync(dir, { recursive: true });
  g.__candorMailboxSeq = ((g.__candorMailboxSeq ?? 0) + 1) % 1_000_000;
  const id = `${Date.now()}-${String(g.__candorMailboxSeq).padStart(6, '0')}-${Math.random().toString(36).slice(2, 6)}`;
  writeFileSync(join(dir, `${id}.eml`), raw);
  g.__candorMailboxSaved = (g.__candorMailboxSaved ?? 0) + 1;
  if (g.__candorMailboxSaved % 50 === 0) pruneMailbox(dir, limit);
  return id;
}

export function pruneMailbox(dir: string, limit = MAILBOX_LIMIT): void {
  const files = listIds(dir);
  for (const id of files.slice(limit)) {
    try {
      unlinkSync(join(dir, `${id}.eml`));
    } catch {
      // already gone: another process pruned it
    }
  }
}

/** Message ids, newest first. */
function listIds(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => f.slice(0, -4))
    .filter((id) => ID.test(id))
    .sort()
    .reverse();
}

export interface MailboxSummary {
  id: string;
  receivedAt: Date;
  from: string;
  to: string;
  subject: string;
}

export interface MailboxMessage extends MailboxSummary {
  html: string | null;
  text: string;
  headers: { name: string; value: string }[];
  size: number;
}

async function parse(dir: string, id: string): Promise<MailboxMessage | null> {
  let raw: Buffer;
  try {
    raw = readFileSync(join(dir, `${id}.eml`));
  } catch {
    return null;
  }
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const headerBlock = raw.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
  const headers = headerBlock
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .map((line) => {
      const i = line.indexOf(':');
      return { name: line.slice(0, i), value: line.slice(i + 1).trim() };
    })
    .filter((h) => h.name);
  const addr = (a: typeof parsed.to) => (Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? ''));
  return {
    id,
    receivedAt: new Date(Number(id.slice(0, 13))),
    from: parsed.from?.text ?? '',
    to: addr(parsed.to),
    subject: parsed.subject ?? '(no subject)',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    text: parsed.text ?? '',
    headers,
    size: raw.length,
  };
}

/** One page of the mailbox, newest first. */
export async function listMailbox(opts: { dir?: string; offset?: number; limit?: number } = {}): Promise<{ total: number; messages: MailboxSummary[] }> {
  const dir = opts.dir ?? mailboxDir();
  const ids = listIds(dir);
  const page = ids.slice(opts.offset ?? 0, (opts.offset ?? 0) + (opts.limit ?? 50));
  const messages = (await Promise.all(page.map((id) => parse(dir, id)))).filter((m): m is MailboxMessage => m !== null);
  return { total: ids.length, messages: messages.map(({ id, receivedAt, from, to, subject }) => ({ id, receivedAt, from, to, subject })) };
}

export async function readMailboxMessage(id: string, dir = mailboxDir()): Promise<MailboxMessage | null> {
  if (!ID.test(id)) return null;
  return parse(dir, id);
}
