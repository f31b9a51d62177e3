import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A handler that may answer a request before Next's router sees it (the public snapshot is
 * served this way). Returns true when it has answered.
 */
export type HotPath = (req: IncomingMessage, res: ServerResponse) => boolean;

const g = globalThis as unknown as { __candorHotPaths?: HotPath[] };

export function registerHotPath(handler: HotPath): () => void {
  g.__candorHotPaths ??= [];
  g.__candorHotPaths.push(handler);
  return () => {
    g.__candorHotPaths = (g.__candorHotPaths ?? []).filter((h) => h !== handler);
  };
}

export function hotPaths(): readonly HotPath[] {
  return g.__candorHotPaths ?? [];
}
