import http from 'node:http';
import net from 'node:net';

/** One client connection as the balancer routed it. */
export interface Routed {
  /** The client's port, so a client can tell which backend served its connection. */
  clientPort: number;
  backend: number;
  openedAt: number;
  closedAt: number | null;
  /** Backends that refused the connection before this one took it. */
  refusedBy: number[];
}

/**
 * A round-robin TCP balancer on 127.0.0.1, as a Kubernetes Service or an L4 load balancer does it:
 * a backend joins the rotation when its readiness probe (GET `probePath`) answers 200 and leaves it
 * after 3 failed probes in a row (an answer other than 200, or none in 10 s), or at once when it
 * refuses connections (a stopping instance). A
 * refused new connection goes to the next backend: nothing was sent yet, so that is always safe
 * (HAProxy's redispatch, nginx's proxy_next_upstream error).
 */
export class Balancer {
  private server: net.Server | null = null;
  private closed = false;
  private readonly failures = new Map<number, number>();
  private next = 0;
  private readonly ready = new Set<number>();
  /** When each backend last came into rotation (its first good probe after being out). */
  private readonly inRotationSince = new Map<number, number>();
  readonly routed: Routed[] = [];
  /** Client connections no backend would take. */
  unrouted = 0;
  port = 0;

  constructor(
    private readonly backends: number[],
    private readonly probePath = '/api/health/ready',
    private readonly probeEveryMs = 200,
  ) {}

  async open(): Promise<void> {
    await Promise.all(this.backends.map((b) => this.probe(b)));
    // One loop per backend, so a slow answer from one does not delay noticing that another stopped.
    for (const backend of this.backends) {
      const again = () => setTimeout(() => void (!this.closed && this.probe(backend).then(() => !this.closed && again())), this.probeEveryMs);
      again();
    }
    this.server = net.createServer((client) => {
      client.pause();
      client.on('error', () => undefined);
      this.route(client, []);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  isReady(backend: number): boolean {
    return this.ready.has(backend);
  }

  /** The time `backend` last came back into rotation, or undefined while it is out. */
  readySince(backend: number): number | undefined {
    return this.ready.has(backend) ? this.inRotationSince.get(backend) : undefined;
  }

  /** Connections to `backend` not yet closed. */
  activeTo(backend: number): number {
    return this.routed.filter((r) => r.backend === backend && r.closedAt === null).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const s = this.server;
    this.server = null;
    await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }

  private route(client: net.Socket, refusedBy: number[]): void {
    const candidates = this.backends.filter((b) => this.ready.has(b) && !refusedBy.includes(b));
    if (candidates.length === 0) {
      this.unrouted += 1;
      client.destroy();
      return;
    }
    const backend = candidates[this.next++ % candidates.length]!;
    const upstream = net.connect(backend, '127.0.0.1');
    let connected = false;
    upstream.on('error', () => {
      if (connected) return void client.destroy();
      this.ready.delete(backend);
      this.route(client, [...refusedBy, backend]);
    });
    upstream.once('connect', () => {
      connected = true;
      const entry: Routed = { clientPort: client.remotePort ?? 0, backend, openedAt: Date.now(), closedAt: null, refusedBy };
      this.routed.push(entry);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => {
        entry.closedAt = Date.now();
        client.end();
      });
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }

  private async probe(backend: number): Promise<void> {
    const result = await probe(backend, this.probePath);
    const failures = result === 'ok' ? 0 : (this.failures.get(backend) ?? 0) + 1;
    this.failures.set(backend, failures);
    if (result === 'ok' && !this.ready.has(backend)) {
      this.inRotationSince.set(backend, Date.now());
      this.ready.add(backend);
    }
    else if (result === 'refused' || failures >= 3) this.ready.delete(backend);
  }
}

function probe(port: number, path: string): Promise<'ok' | 'failed' | 'refused'> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? 'ok' : 'failed'));
      res.on('error', () => resolve('failed'));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'failed'));
  });
}
