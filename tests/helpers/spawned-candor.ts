import net from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (for a `candor start` a test spawns). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A spawned `candor` process as the polling helper sees it. */
export interface SpawnedCandor {
  child: { exitCode: number | null };
  output(): string;
}

/** Polls `check` (a failed request counts as not yet); gives up at the deadline or when `instance` exits. */
export async function until<T>(what: string, check: () => Promise<T | false | null | undefined>, ms: number, instance?: SpawnedCandor): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (instance && instance.child.exitCode !== null) throw new Error(`${what}: candor exited with ${instance.child.exitCode}\n${instance.output()}`);
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms${instance ? `\n${instance.output()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
