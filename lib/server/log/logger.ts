import { isMainThread } from 'node:worker_threads';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { DEFAULT_LOG_LEVEL, parseLogLevel, type LogLevel } from '../env';
import { maskEmail, maskText, maskValue } from './mask';
import { wallClock } from '../wall-clock';

export type { Logger } from 'pino';

/** Who wrote a line: each background service and front door logs under its own name. */
export type Component = 'server' | 'http' | 'worker' | 'snapshot' | 'scheduler' | 'housekeeping' | 'mail' | 'sms' | 'backup';

/** Keys whose values are secrets; addresses are masked rather than removed. Exact paths only: a wildcard costs each line ~10 µs more. */
const REDACT = [...['password', 'token', 'secret', 'cookie', 'authorization', 'email', 'to', 'address'], ...['headers', 'req.headers'].flatMap((h) => [`${h}.authorization`, `${h}.cookie`])];
const ADDRESS_KEYS = new Set(['email', 'to', 'address']);

/** LOG_LEVEL is checked by env() (which stops Candor naming it); a logger made before that falls back to info. */
function levelFromEnvironment(): LogLevel {
  try {
    return parseLogLevel(process.env.LOG_LEVEL);
  } catch {
    return DEFAULT_LOG_LEVEL;
  }
}

function destination(): DestinationStream {
  // Readable lines for a person at a terminal; JSON lines, gathered and written in batches, otherwise.
  if (process.stdout.isTTY) return pretty({ sync: true, colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', messageFormat: '{component}: {msg}', ignore: 'pid,hostname,component' });
  // `candor worker` may run in a thread: written line by line there (its lines are few).
  if (!isMainThread) return pino.destination({ dest: STDOUT, sync: true });
  // Lines are gathered here, in one string, and written 64 KiB at a time or within 100 ms, by one
  // synchronous write (tens of µs per batch, so well under a µs per request line). Batches of 4 KiB
  // inside sonic-boom, written asynchronously, cost the read path about a tenth of its CPU (an
  // fs.write through the thread pool every 18 requests, and sonic-boom re-measuring its buffer on
  // every line); and an asynchronous write still in flight at exit could be cut off, or interleaved
  // mid-line with what the exit wrote after it.
  const out = pino.destination({ dest: STDOUT, sync: true });
  let gathered = '';
  const write = out.write.bind(out);
  const handOver = () => {
    if (gathered === '') return;
    const text = gathered;
    gathered = '';
    try {
      write(text);
    } catch {
      // Closed (EPIPE is muted by pino): nothing more can be written.
    }
  };
  out.write = (line: string) => {
    gathered += line;
    if (gathered.length >= BATCH_CHARS) handOver();
    return true;
  };
  for (const name of ['flushSync', 'flush'] as const) {
    const own = out[name].bind(out) as (cb?: (err?: Error) => unknown) => void;
    out[name] = (cb?: (err?: Error) => unknown) => {
      handOver();
      own(cb);
    };
  }
  setInterval(handOver, BATCH_MS).unref();
  // pino flushes only asynchronous destinations at exit: what is gathered is written here.
  process.on('exit', handOver);
  return out;
}
const BATCH_CHARS = 65_536;
const BATCH_MS = 100;
const STDOUT = 1;

/**
 * pino's isoTime, made once per millisecond: at tens of thousands of requests a second the access
 * log would otherwise format the same instant dozens of times.
 */
let stampedMs = -1;
let stamp = '';
export function isoTimeOncePerMs(): string {
  const ms = wallClock();
  if (ms !== stampedMs) {
    stampedMs = ms;
    stamp = `,"time":"${new Date(ms).toISOString()}"`;
  }
  return stamp;
}

/** The configuration every Candor log line goes through (exported for its test). */
export function createLogger(dest: DestinationStream, level: LogLevel): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: isoTimeOncePerMs,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT, censor: (value, path) => (ADDRESS_KEYS.has(path[path.length - 1] ?? '') && typeof value === 'string' ? maskEmail(value) : '[redacted]') },
      serializers: {
        err: (error: Error) => maskValue(pino.stdSerializers.err(error)) as ReturnType<typeof pino.stdSerializers.err>,
      },
      hooks: {
        // Every message (and printf argument) is masked: an SMTP reply or an error may quote an address or a link.
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = maskText(args[i] as string);
          return method.apply(this, args);
        },
      },
    },
    dest,
  );
}

// One logger per process: the command line and Next's server bundle each hold a copy of this module.
const g = globalThis as unknown as { __candorLog?: Logger; __candorLogChildren?: Map<Component, Logger> };

export function rootLogger(): Logger {
  g.__candorLog ??= createLogger(destination(), levelFromEnvironment());
  return g.__candorLog;
}

/** The logger of one component (`{"component":"worker",...}`). */
export function logger(component: Component): Logger {
  g.__candorLogChildren ??= new Map();
  let child = g.__candorLogChildren.get(component);
  if (!child) {
    child = rootLogger().child({ component });
    g.__candorLogChildren.set(component, child);
  }
  return child;
}

/** The fields of the request log's line (lib/server/http/request-log.ts). */
export interface AccessLine {
  reqId: string;
  method: string;
  route: string;
  status: number;
  ms: number;
  bytes: number;
  aborted?: true;
}

const streamOf = (log: Logger): DestinationStream => (log as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym]!;

/**
 * Writes one request line to `log` (the http component's logger) exactly as `log[level](fields,
 * 'request')` would, without pino's generic path: every field is Candor's own (an id checked against
 * a plain pattern or made here, the method, a route pattern, numbers), so there is nothing to
 * redact or mask. About a tenth of the cost, on a line written for every page served.
 */
export function writeAccessLine(log: Logger, level: 'info' | 'error', line: AccessLine): void {
  if (!log.isLevelEnabled(level)) return;
  // The base and bindings as pino writes them: `,"pid":1,"component":"http"`.
  const bindings = (log as unknown as Record<symbol, string>)[pino.symbols.chindingsSym] ?? '';
  streamOf(log).write(
    `{"level":"${level}"${isoTimeOncePerMs()}${bindings},"reqId":${quoted(line.reqId)},"method":${quoted(line.method)},"route":${quotedRoute(line.route)},"status":${line.status},"ms":${line.ms},"bytes":${line.bytes}${line.aborted ? ',"aborted":true' : ''},"msg":"request"}\n`,
  );
}
/** JSON.stringify costs ~0.5 µs a string: ids and methods are nearly always plain, and route patterns few. */
const PLAIN = /^[\w.:-]*$/;
const quoted = (text: string): string => (PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));
const routeTexts = new Map<string, string>();
function quotedRoute(route: string): string {
  let text = routeTexts.get(route);
  if (text === undefined) {
    text = JSON.stringify(route);
    if (routeTexts.size < 1_000) routeTexts.set(route, text);
  }
  return text;
}
export type LineLevel = 'info' | 'warn' | 'error';
/** The `log(line)` option of services that tests replace; the level is a hint for the real log. */
export type LineLog = (line: string, level?: LineLevel) => void;

export function lineLog(component: Component): LineLog {
  return (line, level = 'info') => logger(component)[level](line);
}
