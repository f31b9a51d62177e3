import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkEndpointUrl, EndpointRefused, hostOf, resolvePublic, systemLookup, type Lookup } from './endpoint';

// The one HTTP client for webhook and chat deliveries. Each new connection resolves the host, checks
// every address, and connects to a checked one (the socket's lookup hook), so a name that turns
// inside the network after the subscribe-time check is refused. No redirects are followed; the
// connection and the whole exchange have timeouts; the response body is read to a small limit.

export interface HttpClientOptions {
  allowPrivate: boolean;
  lookup?: Lookup;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxBodyBytes?: number;
  /** Connections kept per host. */
  maxSockets?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type HttpAttemptCode = 'refused_address' | 'connect_timeout' | 'timeout' | 'body_too_large' | 'connection' | 'protocol';

export class HttpAttemptError extends Error {
  constructor(
    readonly code: HttpAttemptCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpAttemptError';
  }
}

export const HTTP_DEFAULTS = { connectTimeoutMs: 5_000, requestTimeoutMs: 15_000, maxBodyBytes: 64 * 1024, maxSockets: 64 } as const;

export class HttpClient {
  private readonly opts: Required<Omit<HttpClientOptions, 'lookup'>> & { lookup: Lookup };
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(options: HttpClientOptions) {
    this.opts = { ...HTTP_DEFAULTS, ...options, lookup: options.lookup ?? systemLookup };
    const agent = { keepAlive: true, maxSockets: this.opts.maxSockets, scheduling: 'lifo' as const };
    this.agents = { http: new http.Agent(agent), https: new https.Agent(agent) };
  }

  /** The socket's name lookup: resolve, refuse if any address is inside, connect to a checked one. */
  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    resolvePublic(hostname, this.opts.lookup, this.opts.allowPrivate).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (wanted.length === 0) return callback(Object.assign(new Error(`${hostname} has no IPv${String(options.family)} address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as unknown as (e: null, a: typeof wanted) => void)(null, wanted);
        callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };

  async post(target: string, body: string, headers: Record<string, string>): Promise<HttpResponse> {
    let url: URL;
    try {
      url = checkEndpointUrl(target, this.opts.allowPrivate);
    } catch (error) {
      throw new HttpAttemptError('refused_address', (error as Error).message);
    }
    const secure = url.protocol === 'https:';
    const transport = secure ? https : http;
    const { connectTimeoutMs, requestTimeoutMs, maxBodyBytes } = this.opts;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | null, response?: HttpResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(whole);
        clearTimeout(connecting);
        if (error) reject(error);
        else resolve(response!);
      };
      const req = transport.request(
        {
          method: 'POST',
          protocol: url.protocol,
          hostname: hostOf(url),
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          agent: secure ? this.agents.https : this.agents.http,
          lookup: this.lookup,
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Candor-Notifier/1', ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBodyBytes) {
              req.destroy(new HttpAttemptError('body_too_large', `the response body is larger than ${maxBodyBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (error) => finish(asAttemptError(error)));
        },
      );
      const whole = setTimeout(() => req.destroy(new HttpAttemptError('timeout', `no complete answer within ${requestTimeoutMs} ms`)), requestTimeoutMs);
      let connecting: NodeJS.Timeout | undefined;
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        connecting = setTimeout(() => req.destroy(new HttpAttemptError('connect_timeout', `could not connect within ${connectTimeoutMs} ms`)), connectTimeoutMs);
        socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connecting));
      });
      req.on('error', (error) => finish(asAttemptError(error)));
      req.end(body);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

function asAttemptError(error: Error): HttpAttemptError {
  if (error instanceof HttpAttemptError) return error;
  if (error instanceof EndpointRefused) return new HttpAttemptError('refused_address', error.message);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('HPE_')) return new HttpAttemptError('protocol', `the receiver did not answer in HTTP (${code})`);
  return new HttpAttemptError('connection', `${code ? `${code}: ` : ''}${error.message}`.slice(0, 300));
}
