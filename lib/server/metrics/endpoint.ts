import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Env } from '../env';
import { renderMetrics } from './registry';
import { answeredInline, withRequestId } from '../http/request-log';

// GET /metrics, on Candor's port (only when METRICS_TOKEN is set) or on METRICS_PORT. With a
// token, a request must carry `Authorization: Bearer <token>`; the comparison takes the same time
// whatever the guess (both sides are hashed to one length first).

const digest = (text: string) => createHash('sha256').update(text).digest();

export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(token)) && match !== null;
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.byteLength(text);
  res.writeHead(status, withRequestId(res, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(bytes), ...headers }));
  res.end(text);
  answeredInline(res, bytes);
}

/** Answers a request for /metrics: 405 for other methods, 401 without the token (when one is set), else the registry. */
export async function answerMetrics(req: IncomingMessage, res: ServerResponse, token: string | undefined): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Use GET.\n', { allow: 'GET, HEAD' });
  if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
    return plain(res, 401, 'Metrics need Authorization: Bearer <METRICS_TOKEN>.\n', { 'www-authenticate': 'Bearer realm="candor-metrics"' });
  }
  const { contentType, body } = await renderMetrics();
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(body)) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** The METRICS_PORT listener: /metrics and nothing else. Null when METRICS_PORT is unset. */
export async function startMetricsServer(metrics: Env['metrics'], log: (line: string) => void): Promise<MetricsServer | null> {
  if (metrics.port === null) return null;
  const server = http.createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics') return plain(res, 404, 'Not found: metrics are at /metrics.\n');
    answerMetrics(req, res, metrics.token).catch((error: unknown) => {
      log(`metrics: scrape failed: ${(error as Error).message}`);
      if (!res.headersSent) plain(res, 500, 'Metrics could not be collected.\n');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(metrics.port!, metrics.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : metrics.port;
  log(`Metrics at http://${metrics.host}:${port}/metrics${metrics.token ? ' (bearer token required)' : ''}`);
  return {
    port,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
