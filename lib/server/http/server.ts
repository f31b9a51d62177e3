import http from 'node:http';
import next from 'next';
import type { Env } from '../env';
import { migrateDatabase } from '../migrate';
import { closeDb } from '../db';
import { backgroundServices } from '../runtime/services';
import { hotPaths } from './hot-path';
import { projectRoot } from '../paths';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StartOptions {
  env: Env;
  log?: (line: string) => void;
}

/**
 * Candor's web process: migrates, starts the background services, then serves. Requests first
 * meet the hot paths (the in-memory public snapshot), and everything else goes to Next.
 */
export async function startServer({ env, log = console.log }: StartOptions): Promise<RunningServer> {
  const migration = await migrateDatabase(env.databaseUrl);
  if (migration.applied.length > 0) log(`Database migrated: ${migration.applied.join(', ')}`);

  const app = next({ dev: false, dir: projectRoot(), hostname: env.host, port: env.port, customServer: true });
  await app.prepare();
  const handle = app.getRequestHandler();

  const running: { name: string; stop(): Promise<void> }[] = [];
  for (const service of backgroundServices) {
    if (!service.enabled(env)) continue;
    const started = await service.start(env);
    running.push({ name: service.name, stop: started.stop });
  }

  const server = http.createServer((req, res) => {
    for (const hot of hotPaths()) if (hot(req, res)) return;
    handle(req, res).catch((error: unknown) => {
      console.error('request failed', req.url, error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error');
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.port, env.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.port;
  const shownHost = env.host === '0.0.0.0' || env.host === '::' ? 'localhost' : env.host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      for (const s of running.reverse()) await s.stop().catch((e: unknown) => console.error(`stopping ${s.name}:`, e));
      await app.close?.();
      await closeDb();
    },
  };
}
