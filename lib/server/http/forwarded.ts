import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import proxyaddr from 'proxy-addr';
import { CLIENT_IP_HEADER, HOST_HEADER, PROTO_HEADER } from './stamped';

export type Trust = (address: string, hop: number) => boolean;

/** TRUSTED_PROXIES compiled once; an empty list trusts nobody. */
export function compileTrust(trustedProxies: readonly string[]): Trust {
  return proxyaddr.compile([...trustedProxies]);
}

export interface RequestFacts {
  ip: string;
  host: string | undefined;
  proto: 'http' | 'https';
  /** How many proxies, walked back from the socket, were trusted. */
  trustedHops: number;
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,62})?(?:\.[a-z0-9](?:[a-z0-9-]{0,62})?)*\.?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;
// A socket that closed already has no address; proxy-addr then yields undefined despite its types.
const unmapped = (ip: string | undefined) => (ip ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
const validHost = (v: string | undefined) => (v && v.length <= 255 && HOST.test(v) ? v.toLowerCase() : undefined);
const headerText = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : (v ?? ''));

/**
 * The value our trusted proxies wrote into a forwarded header: each proxy either sets the header
 * or appends to it, so anything left of the last `hops` entries came from the client.
 */
function forwardedValue(req: IncomingMessage, name: string, hops: number): string | undefined {
  if (hops === 0) return undefined;
  const values = headerText(req.headers[name]).split(',').map((s) => s.trim()).filter(Boolean);
  if (values.length === 0) return undefined;
  return values[Math.max(0, values.length - hops)];
}

/** One rule for the client address, the host and the protocol: forwarded headers count only from trusted hops. */
export function requestFacts(req: IncomingMessage, trust: Trust): RequestFacts {
  const chain = proxyaddr.all(req, trust).map(unmapped);
  const trustedHops = chain.length - 1;
  const client = chain[chain.length - 1] ?? 'unknown';
  // A trusted proxy that forwarded something other than an address: fall back to that proxy.
  const ip = isIP(client) ? client : (chain[chain.length - 2] ?? unmapped(req.socket.remoteAddress));
  const host = validHost(forwardedValue(req, 'x-forwarded-host', trustedHops)) ?? validHost(req.headers.host);
  const claimed = forwardedValue(req, 'x-forwarded-proto', trustedHops)?.toLowerCase();
  const proto = claimed === 'https' || claimed === 'http' ? claimed : (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  return { ip, host, proto, trustedHops };
}

/**
 * Writes the decision into the request before anything else reads it: our own headers, and the
 * x-forwarded-* ones rewritten to the same answer (Next's own checks read those), so no client's
 * word survives unless it came through trusted proxies.
 */
export function stampRequest(req: IncomingMessage, trust: Trust): RequestFacts {
  const facts = requestFacts(req, trust);
  for (const name of Object.keys(req.headers)) if (name.startsWith('x-candor-')) delete req.headers[name];
  delete req.headers.forwarded;
  if (facts.trustedHops === 0) delete req.headers['x-forwarded-port'];
  req.headers[CLIENT_IP_HEADER] = facts.ip;
  req.headers[PROTO_HEADER] = facts.proto;
  req.headers['x-forwarded-for'] = facts.ip;
  req.headers['x-forwarded-proto'] = facts.proto;
  if (facts.host) {
    req.headers[HOST_HEADER] = facts.host;
    req.headers['x-forwarded-host'] = facts.host;
  } else delete req.headers['x-forwarded-host'];
  return facts;
}
