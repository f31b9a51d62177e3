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
  /** This backend closed the connection without answering an idempotent request, which went on to the next. */
  emptyAnswer?: boolean;
}

/**
 * A round-robin TCP balancer on 127.0.0.1, as a Kubernetes Service or an L4 load balancer does it:
 * a backend joins the rotation when its readiness probe (GET `probePath`) answers 200 and leaves it
 * after 3 failed probes in a row (an answer other than 200, or none in 10 s), or at once when it
 * refuses connections (a stopping instance). A
 * refused new connection goes to the next backend: nothing was sent yet, so that is always safe; so does
 * a GET or HEAD that a backend closed without answering (see route())
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

  private route(client: net.Socket, refusedBy: number[], replay: Buffer[] = []): void {
    const candidates = this.backends.filter((b) => this.ready.has(b) && !refusedBy.includes(b));
    if (candidates.length === 0) {
      this.unrouted += 1;
      client.destroy();
      return;
    }
    const backend = candidates[this.next++ % candidates.length]!;
    const upstream = net.connect(backend, '127.0.0.1');
    let connected = false;
    let answered = false;
    upstream.on('error', () => {
      // After the connection: an answered exchange is cut off; an unanswered one is decided on close.
      if (connected) return void (answered && client.destroy());
      this.ready.delete(backend);
      this.route(client, [...refusedBy, backend], replay);
    });
    upstream.once('connect', () => {
      connected = true;
      const entry: Routed = { clientPort: client.remotePort ?? 0, backend, openedAt: Date.now(), closedAt: null, refusedBy };
      this.routed.push(entry);
      const sent = [...replay];
      for (const chunk of replay) upstream.write(chunk);
      const forward = (chunk: Buffer) => {
        sent.push(chunk);
        upstream.write(chunk);
      };
      client.on('data', forward);
      client.once('end', () => upstream.end());
      upstream.on('data', (chunk: Buffer) => {
        answered = true;
        client.write(chunk);
      });
      let handedOn = false;
      client.once('close', () => !handedOn && upstream.destroy());
      upstream.once('close', () => {
        entry.closedAt = Date.now();
        // A backend that closes a GET or HEAD without a byte of answer (a connection its kernel took
        // just as the listener closed) is tried again elsewhere, as HAProxy's `retry-on
        // empty-response conn-failure` and nginx's `proxy_next_upstream error` do for idempotent
        // requests. Anything else is passed on as it happened.
        if (!answered && !client.destroyed && /^(GET|HEAD) /.test(Buffer.concat(sent).subarray(0, 5).toString('latin1'))) {
          handedOn = true;
          entry.emptyAnswer = true;
          client.pause();
          client.off('data', forward);
          this.route(client, [...refusedBy, backend], sent);
          return;
        }
        client.end();
      });
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
