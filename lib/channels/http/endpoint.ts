import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPublicAddress, rangeOf } from './address-policy';

// Where a webhook or chat subscription may post: an https URL whose host resolves only to public
// addresses. Checked when subscribing and again on every new connection (see client.ts), since
// the name may point somewhere else by then. WEBHOOKS_ALLOW_PRIVATE=1 lifts both rules.

export const ENDPOINT_MAX = 2000;

/** Why an endpoint may not be used, in words a subscriber can act on. */
export class EndpointRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointRefused';
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Name resolution, injectable so tests can make a name change its answer between two checks. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** The URL's host without IPv6 brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** The checks that need no network: scheme, no credentials, a host, and no literal inside address. */
export function checkEndpointUrl(raw: string, allowPrivate: boolean): URL {
  if (raw.length > ENDPOINT_MAX) throw new EndpointRefused(`a URL has at most ${ENDPOINT_MAX} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointRefused('not a valid URL');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw new EndpointRefused('must be an https:// URL');
  if (url.username || url.password) throw new EndpointRefused('must not carry a user name or password');
  const host = hostOf(url);
  if (!host) throw new EndpointRefused('has no host');
  if (!allowPrivate) {
    if (isIP(host) && !isPublicAddress(host)) throw new EndpointRefused(`points inside the network (${rangeOf(host)} address ${host})`);
    if (/^localhost\.?$/i.test(host) || /\.localhost\.?$/i.test(host)) throw new EndpointRefused('points inside the network (localhost)');
  }
  return url;
}

/** Every address the host resolves to, each checked; one inside address refuses the lot. */
export async function resolvePublic(host: string, lookup: Lookup, allowPrivate: boolean): Promise<ResolvedAddress[]> {
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: host, family: literal }];
  else {
    try {
      addresses = await lookup(host);
    } catch (error) {
      throw Object.assign(new Error(`${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`), { code: 'EDNS' });
    }
  }
  if (addresses.length === 0) throw Object.assign(new Error(`${host} does not resolve`), { code: 'EDNS' });
  if (!allowPrivate) {
    const inside = addresses.find((a) => !isPublicAddress(a.address));
    if (inside) throw new EndpointRefused(`points inside the network (${host} resolves to the ${rangeOf(inside.address)} address ${inside.address})`);
  }
  return addresses;
}

/** The subscribe-time check: the URL's form, then what its host resolves to now. */
export async function checkEndpoint(raw: string, options: { allowPrivate: boolean; lookup?: Lookup }): Promise<URL> {
  const url = checkEndpointUrl(raw, options.allowPrivate);
  try {
    await resolvePublic(hostOf(url), options.lookup ?? systemLookup, options.allowPrivate);
  } catch (error) {
    if (error instanceof EndpointRefused) throw error;
    throw new EndpointRefused(`cannot be reached: ${(error as Error).message}`);
  }
  return url;
}
