import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { env } from '@/lib/server/env';
import { mailboxDir } from '@/lib/server/paths';
import { startSink, type Sink } from './sink';

// The one Nodemailer transport of the process (on globalThis, because app/ and the command line
// are bundled separately). SMTP_URL sends for real; without it a local sink on loopback receives
// everything and keeps the newest messages for the console's mailbox page.

export const POOL_CONNECTIONS = 8;

export type Transporter = Mail;

interface MailState {
  transporter?: Transporter;
  pending?: Promise<Transporter>;
  sink?: Sink;
  url?: string;
}

const g = globalThis as unknown as { __candorMail?: MailState };
const state = (): MailState => (g.__candorMail ??= {});

export interface TransportOptions {
  maxConnections?: number;
  /** How long a silent relay is waited for (default 60 s); then the message is handed back and sending pauses. */
  socketTimeoutMs?: number;
}

export function createPooledTransport(url: string, opts: TransportOptions & { dkim?: { domainName: string; keySelector: string; privateKey: string } } = {}): Transporter {
  const u = new URL(url);
  const local = u.hostname === '127.0.0.1' || u.hostname === 'localhost';
  return nodemailer.createTransport({
    pool: true,
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 587)),
    secure: u.protocol === 'smtps:',
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    ignoreTLS: local && u.protocol === 'smtp:',
    maxConnections: opts.maxConnections ?? POOL_CONNECTIONS,
    maxMessages: Infinity,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: opts.socketTimeoutMs ?? 60_000,
    ...(opts.dkim ? { dkim: opts.dkim } : {}),
  });
}

/** The local sink (started on first use when SMTP_URL is unset). */
export async function ensureLocalSink(): Promise<Sink> {
  const s = state();
  const e = env();
  s.sink ??= await startSink({ dir: mailboxDir(), keep: 0, avoidPorts: [e.port, ...(e.metrics.port === null ? [] : [e.metrics.port])] });
  return s.sink;
}

/** The process's transport; built once. */
export function mailTransport(): Promise<Transporter> {
  const s = state();
  if (s.transporter) return Promise.resolve(s.transporter);
  s.pending ??= (async () => {
    const e = env();
    const url = e.smtpUrl ?? (await ensureLocalSink()).url;
    s.url = url;
    s.transporter = createPooledTransport(url, { dkim: e.dkim });
    return s.transporter;
  })().finally(() => {
    s.pending = undefined;
  });
  return s.pending;
}

/** Points the process at a given SMTP server (tests, the benchmark). */
export function installTransport(url: string, opts: TransportOptions = {}): Transporter {
  const s = state();
  s.transporter?.close();
  s.url = url;
  s.transporter = createPooledTransport(url, { ...opts, dkim: env().dkim });
  return s.transporter;
}

export function usingLocalSink(): boolean {
  return !env().smtpUrl;
}

export async function closeTransport(): Promise<void> {
  const s = state();
  s.transporter?.close();
  s.transporter = undefined;
  const sink = s.sink;
  s.sink = undefined;
  await sink?.stop();
}
