import { createPrivateKey } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { parseSmsUrl, redactSmsUrl, SmsConfigError, type SmsConfig } from '@/lib/channels/sms/config';
import { parseTrustedProxies } from './http/trusted-proxies';
import { parseBackupSettings, type BackupSettings } from './backup/backup-settings';
import { projectRoot } from './project-root';
import { sqliteFilePath } from './sqlite-path';

import { EnvError } from './env-error';

export { EnvError };

const emptyIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const schema = z.object({
  CANDOR_DATA_DIR: z.preprocess(emptyIsUnset, z.string().optional()),
  DATABASE_URL: z.preprocess(emptyIsUnset, z.string().optional()),
  PORT: z.preprocess(emptyIsUnset, z.string().default('3000')),
  HOST: z.preprocess(emptyIsUnset, z.string().default('0.0.0.0')),
  PUBLIC_URL: z.preprocess(emptyIsUnset, z.string().optional()),
  SMTP_URL: z.preprocess(emptyIsUnset, z.string().optional()),
  SMS_URL: z.preprocess(emptyIsUnset, z.string().optional()),
  MAIL_FROM: z.preprocess(emptyIsUnset, z.string().optional()),
  DKIM_DOMAIN: z.preprocess(emptyIsUnset, z.string().optional()),
  DKIM_SELECTOR: z.preprocess(emptyIsUnset, z.string().optional()),
  DKIM_PRIVATE_KEY: z.preprocess(emptyIsUnset, z.string().optional()),
  CANDOR_WORKER: z.preprocess(emptyIsUnset, z.enum(['on', 'off']).optional()),
  MAIL_RATE_PER_SECOND: z.preprocess(emptyIsUnset, z.string().optional()),
  MAIL_DOMAIN_RATE_PER_SECOND: z.preprocess(emptyIsUnset, z.string().optional()),
  TRUSTED_PROXIES: z.preprocess(emptyIsUnset, z.string().optional()),
  SHUTDOWN_GRACE_SECONDS: z.preprocess(emptyIsUnset, z.string().optional()),
  SHUTDOWN_DELAY_SECONDS: z.preprocess(emptyIsUnset, z.string().optional()),
  METRICS_PORT: z.preprocess(emptyIsUnset, z.string().optional()),
  METRICS_HOST: z.preprocess(emptyIsUnset, z.string().optional()),
  METRICS_TOKEN: z.preprocess(emptyIsUnset, z.string().optional()),
  LOG_LEVEL: z.preprocess(emptyIsUnset, z.string().optional()),
  BACKUP_DIR: z.preprocess(emptyIsUnset, z.string().optional()),
  BACKUP_INTERVAL: z.preprocess(emptyIsUnset, z.string().optional()),
  BACKUP_KEEP: z.preprocess(emptyIsUnset, z.string().optional()),
  BACKUP_COMMAND: z.preprocess(emptyIsUnset, z.string().optional()),
  WEBHOOKS_ALLOW_PRIVATE: z.preprocess(emptyIsUnset, z.enum(['0', '1']).optional()),
});

/** Every variable Candor reads. */
export const ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);

export type DatabaseKind = 'sqlite' | 'postgresql';

export interface Env {
  /** Where Candor writes (the default SQLite file, saved snapshot, mailbox, backups): an absolute path. */
  dataDir: string;
  /** What chose dataDir: the variable, an explicit SQLite DATABASE_URL's folder, or the default ./data. */
  dataDirSource: 'CANDOR_DATA_DIR' | 'DATABASE_URL' | 'default';
  databaseUrl: string;
  databaseKind: DatabaseKind;
  port: number;
  host: string;
  publicUrl: string | undefined;
  smtpUrl: string | undefined;
  /** SMS_URL, checked: the SMSC to send text messages to over SMPP; undefined = the local SMS outbox. */
  sms: SmsConfig | undefined;
  /** The sender, checked: "Name <address>" or an address. */
  mailFrom: string | undefined;
  /** Messages per second in all; 0 = unlimited (the default). */
  mailRatePerSecond: number;
  /** Messages per second per recipient domain: null (the default) = adaptive shaping; a number is a fixed cap, 0 = none. */
  mailDomainRatePerSecond: number | null;
  dkim: { domainName: string; keySelector: string; privateKey: string } | undefined;
  /** Run the delivery worker inside the web process (default on; on PostgreSQL, several may run safely). */
  inProcessWorker: boolean;
  /** Peers whose X-Forwarded-* headers are believed (addresses, CIDRs, proxy-addr keywords); none by default. */
  trustedProxies: string[];
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are closed. */
  shutdownGraceSeconds: number;
  /** On SIGTERM/SIGINT, how long readiness answers 503 while new connections are still served, before the listener closes (default 0). */
  shutdownDelaySeconds: number;
  /** Where /metrics is served: null = on the main port (only with a token), else a port of its own. */
  metrics: { port: number | null; host: string; token: string | undefined };
  /** The least severe level written to the log (LOG_LEVEL, default info). */
  logLevel: LogLevel;
  /** Scheduled backups (BACKUP_*): see lib/server/backup/backup-settings.ts. */
  backup: BackupSettings;
  /** WEBHOOKS_ALLOW_PRIVATE=1: webhook and chat endpoints may be plain http and inside the network (tests, closed networks). Off by default. */
  webhooksAllowPrivate: boolean;
}

export function databaseKindOf(url: string): DatabaseKind {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new EnvError('DATABASE_URL', `"${redact(url)}" is not a valid postgres URL (expected postgresql://user@host:5432/dbname)`);
    }
    return 'postgresql';
  }
  if (url.startsWith('file:')) {
    if (url.length <= 'file:'.length) throw new EnvError('DATABASE_URL', 'a SQLite URL needs a path, e.g. file:./data/candor.db');
    return 'sqlite';
  }
  throw new EnvError('DATABASE_URL', `"${redact(url)}" is neither a SQLite file URL (file:./data/candor.db) nor a PostgreSQL URL (postgresql://...)`);
}

/** Hide a password in a URL before printing it. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

function parsePort(raw: string, variable = 'PORT'): number {
  if (!/^\d+$/.test(raw)) throw new EnvError(variable, `"${raw}" is not a port number (1-65535)`);
  const port = Number(raw);
  if (port < 1 || port > 65535) throw new EnvError(variable, `${port} is outside 1-65535`);
  return port;
}

export const METRICS_TOKEN_MIN_LENGTH = 16;

/** A bearer token: long enough not to be guessed, and only characters that travel in a header unchanged. */
function parseMetricsToken(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[A-Za-z0-9._~+/=-]+$/.test(raw)) throw new EnvError('METRICS_TOKEN', 'may hold only letters, digits and . _ ~ + / = - (no spaces or quotes)');
  if (raw.length < METRICS_TOKEN_MIN_LENGTH) throw new EnvError('METRICS_TOKEN', `is ${raw.length} characters; use at least ${METRICS_TOKEN_MIN_LENGTH} (e.g. openssl rand -hex 32)`);
  if (raw.length > 512) throw new EnvError('METRICS_TOKEN', 'is longer than 512 characters');
  return raw;
}

function parseMetrics(v: { METRICS_PORT?: string; METRICS_HOST?: string; METRICS_TOKEN?: string }, host: string): Env['metrics'] {
  const metricsPort = v.METRICS_PORT === undefined ? null : parsePort(v.METRICS_PORT.trim(), 'METRICS_PORT');
  if (v.METRICS_HOST !== undefined && /[\s/]/.test(v.METRICS_HOST)) throw new EnvError('METRICS_HOST', `"${v.METRICS_HOST}" is not an address or host name (e.g. 127.0.0.1)`);
  return { port: metricsPort, host: v.METRICS_HOST ?? host, token: parseMetricsToken(v.METRICS_TOKEN) };
}

function parseHttpUrl(variable: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EnvError(variable, `"${raw}" is not a URL (expected e.g. https://status.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EnvError(variable, `"${raw}" must start with http:// or https://`);
  return raw.replace(/\/+$/, '');
}

function parseSmtpUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EnvError('SMTP_URL', `"${redact(raw)}" is not a URL (expected smtp://user:pass@host:587 or smtps://host:465)`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new EnvError('SMTP_URL', `"${redact(raw)}" must start with smtp:// or smtps://`);
  if (!url.hostname) throw new EnvError('SMTP_URL', 'the URL has no host');
  return raw;
}

function parseSms(raw: string | undefined): SmsConfig | undefined {
  if (raw === undefined) return undefined;
  try {
    return parseSmsUrl(raw);
  } catch (error) {
    if (error instanceof SmsConfigError) throw new EnvError('SMS_URL', `${redactSmsUrl(raw)}: ${error.message}`);
    throw error;
  }
}

/** A rate in messages per second: a plain non-negative decimal ("0", "50", "2.5"); nothing else is guessed at. */
function parseRate(variable: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (!/^\d{1,9}(\.\d{1,6})?$/.test(text)) throw new EnvError(variable, `"${raw}" is not a number of messages per second (0 or more, e.g. 50 or 2.5)`);
  return Number(text);
}

const ADDRESS = /^[^\s@<>()[\]",;:\\]+@[A-Za-z0-9\u0080-\uFFFF](?:[A-Za-z0-9\u0080-\uFFFF.-]*[A-Za-z0-9\u0080-\uFFFF])?$/;

/** "Name <address>" or a bare address, the two forms mail/send.ts reads; no line breaks or control characters. */
function parseMailFrom(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new EnvError('MAIL_FROM', 'must be one line without control characters');
  if (raw.length > 320) throw new EnvError('MAIL_FROM', 'is longer than 320 characters');
  const named = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(raw);
  const address = (named ? named[2]! : raw).trim();
  if (!ADDRESS.test(address)) throw new EnvError('MAIL_FROM', `"${raw}" is not an address (expected status@example.com or Name <status@example.com>)`);
  return raw;
}

const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/;

function parseDkim(domain: string | undefined, selector: string | undefined, key: string | undefined): Env['dkim'] {
  const parts = [domain, selector, key];
  if (!parts.some(Boolean)) return undefined;
  if (!parts.every(Boolean)) throw new EnvError('DKIM_PRIVATE_KEY', 'DKIM signing needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together');
  if (!HOSTNAME.test(domain!)) throw new EnvError('DKIM_DOMAIN', `"${domain}" is not a domain name`);
  if (!HOSTNAME.test(selector!)) throw new EnvError('DKIM_SELECTOR', `"${selector}" is not a DNS label (e.g. candor2026)`);
  const pem = key!.replace(/\\n/g, '\n');
  try {
    createPrivateKey(pem);
  } catch {
    throw new EnvError('DKIM_PRIVATE_KEY', 'is not a PEM private key (-----BEGIN PRIVATE KEY----- ...; \\n escapes are allowed)');
  }
  return { domainName: domain!, keySelector: selector!, privateKey: pem };
}

function trustedProxiesOf(raw: string | undefined): string[] {
  try {
    return parseTrustedProxies(raw);
  } catch (error) {
    throw new EnvError('TRUSTED_PROXIES', (error as Error).message);
  }
}

export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 20;
export const DEFAULT_SHUTDOWN_DELAY_SECONDS = 0;

function parseSeconds(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || seconds > max) throw new EnvError(name, `"${raw}" is not a number of seconds from 0 to ${max} (default ${fallback})`);
  return seconds;
}

/**
 * CANDOR_DATA_DIR (relative: from Candor's folder, like a relative SQLite path), else the folder of
 * an explicit SQLite DATABASE_URL (where the snapshot and mailbox lived before the variable), else ./data.
 */
function dataDirOf(configured: string | undefined, databaseUrl: string | undefined): Pick<Env, 'dataDir' | 'dataDirSource'> {
  if (configured !== undefined) return { dataDir: resolve(projectRoot(), configured), dataDirSource: 'CANDOR_DATA_DIR' };
  if (databaseUrl !== undefined && databaseKindOf(databaseUrl) === 'sqlite') {
    const file = sqliteFilePath(databaseUrl);
    if (file !== ':memory:') return { dataDir: dirname(resolve(file)), dataDirSource: 'DATABASE_URL' };
  }
  return { dataDir: join(projectRoot(), 'data'), dataDirSource: 'default' };
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/** pino's level names, in any case; unset (or empty) is info. */
export function parseLogLevel(raw: string | undefined): LogLevel {
  const text = raw?.trim().toLowerCase();
  if (!text) return DEFAULT_LOG_LEVEL;
  const level = LOG_LEVELS.find((l) => l === text);
  if (!level) throw new EnvError('LOG_LEVEL', `"${raw}" is not a log level (one of ${LOG_LEVELS.join(', ')}; default ${DEFAULT_LOG_LEVEL})`);
  return level;
}

/** Reads and checks the environment; throws EnvError naming the first bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const raw = schema.safeParse(source);
  if (!raw.success) {
    const issue = raw.error.issues[0];
    throw new EnvError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const v = raw.data;
  const data = dataDirOf(v.CANDOR_DATA_DIR, v.DATABASE_URL);
  const databaseUrl = v.DATABASE_URL ?? `file:${join(data.dataDir, 'candor.db')}`;
  const databaseKind = databaseKindOf(databaseUrl);
  return {
    ...data,
    databaseUrl,
    databaseKind,
    port: parsePort(v.PORT),
    host: v.HOST,
    publicUrl: parseHttpUrl('PUBLIC_URL', v.PUBLIC_URL),
    smtpUrl: parseSmtpUrl(v.SMTP_URL),
    sms: parseSms(v.SMS_URL),
    mailFrom: parseMailFrom(v.MAIL_FROM),
    mailRatePerSecond: parseRate('MAIL_RATE_PER_SECOND', v.MAIL_RATE_PER_SECOND) ?? 0,
    mailDomainRatePerSecond: parseRate('MAIL_DOMAIN_RATE_PER_SECOND', v.MAIL_DOMAIN_RATE_PER_SECOND) ?? null,
    dkim: parseDkim(v.DKIM_DOMAIN, v.DKIM_SELECTOR, v.DKIM_PRIVATE_KEY),
    inProcessWorker: v.CANDOR_WORKER ? v.CANDOR_WORKER === 'on' : true,
    trustedProxies: trustedProxiesOf(v.TRUSTED_PROXIES),
    shutdownGraceSeconds: parseSeconds('SHUTDOWN_GRACE_SECONDS', v.SHUTDOWN_GRACE_SECONDS, DEFAULT_SHUTDOWN_GRACE_SECONDS, 3600),
    shutdownDelaySeconds: parseSeconds('SHUTDOWN_DELAY_SECONDS', v.SHUTDOWN_DELAY_SECONDS, DEFAULT_SHUTDOWN_DELAY_SECONDS, 300),
    metrics: parseMetrics(v, v.HOST),
    logLevel: parseLogLevel(v.LOG_LEVEL),
    backup: parseBackupSettings(v, data.dataDir, source),
    webhooksAllowPrivate: v.WEBHOOKS_ALLOW_PRIVATE === '1',
  };
}

let cached: Env | undefined;
/** The process's environment, checked once. */
export function env(): Env {
  cached ??= readEnv();
  return cached;
}
