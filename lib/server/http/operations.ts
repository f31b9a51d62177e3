import type { ServerResponse } from 'node:http';
import type { Env } from '../env';
import { checkReadiness } from '../health/check-readiness';
import { snapshotHealth } from '../public/store';
import { answerMetrics } from '../metrics/endpoint';
import type { HotPath } from './hot-path';
import { logger } from '../log/logger';
import { answeredInline, pathOf, withRequestId } from './request-log';

// The endpoints for orchestrators and Prometheus, answered by Candor's server before the hot
// paths and Next: liveness needs nothing but this process, so it answers while the database is
// down; /metrics on this port only with METRICS_TOKEN set (never to anonymous visitors).

function json(res: ServerResponse, status: number, body: unknown, head: boolean): void {
  const text = JSON.stringify(body);
  const bytes = Buffer.byteLength(text);
  res.writeHead(status, withRequestId(res, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': String(bytes) }));
  res.end(head ? undefined : text);
  answeredInline(res, head ? 0 : bytes);
}

function failed(res: ServerResponse, what: string, error: unknown): void {
  logger('http').error({ err: error }, `${what} failed`);
  if (!res.headersSent) json(res, 500, { error: `${what} failed` }, false);
  else res.end();
}

export function operationsEndpoints(env: Env): HotPath {
  return (req, res) => {
    const path = pathOf(req);
    if (path !== '/api/health/live' && path !== '/api/health/ready' && path !== '/metrics') return false;
    const head = req.method === 'HEAD';
    if (path === '/metrics') {
      if (env.metrics.port !== null || env.metrics.token === undefined) {
        const text = env.metrics.port !== null ? 'Not found.\n' : 'Not found: metrics are off on this port; set METRICS_TOKEN (or METRICS_PORT) to serve them.\n';
        const bytes = Buffer.byteLength(text);
        res.writeHead(404, withRequestId(res, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(bytes) }));
        res.end(text);
        answeredInline(res, bytes);
        return true;
      }
      answerMetrics(req, res, env.metrics.token).catch((error: unknown) => failed(res, 'metrics scrape', error));
      return true;
    }
    if (req.method !== 'GET' && !head) {
      res.writeHead(405, withRequestId(res, { allow: 'GET, HEAD', 'content-length': '0' }));
      res.end();
      answeredInline(res, 0);
      return true;
    }
    if (path === '/api/health/live') {
      json(res, 200, { status: 'ok', time: new Date().toISOString(), snapshot: snapshotHealth() }, head);
      return true;
    }
    checkReadiness(env)
      .then((ready) => json(res, ready.status === 'ready' ? 200 : 503, { ...ready, time: new Date().toISOString() }, head))
      .catch((error: unknown) => failed(res, 'readiness check', error));
    return true;
  };
}
