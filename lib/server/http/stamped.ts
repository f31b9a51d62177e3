// What the custom server decided about a request (lib/server/http/forwarded.ts), stamped into
// headers it controls: anything a client sends under these names is overwritten or removed.
// Everything that needs the client's address, the host or the protocol reads these, nothing else.

export const CLIENT_IP_HEADER = 'x-candor-client-ip';
export const HOST_HEADER = 'x-candor-host';
export const PROTO_HEADER = 'x-candor-proto';

/** The client's address, or undefined when the request did not come through the custom server. */
export function stampedClientIp(headers: Headers): string | undefined {
  return headers.get(CLIENT_IP_HEADER) || undefined;
}

/**
 * The origin the browser used. Without the custom server's stamp (tests calling handlers
 * directly) only the Host header counts, never a forwarded one; the protocol is then unknown.
 */
export function stampedOrigins(headers: Headers): string[] {
  const proto = stampedProto(headers);
  if (proto) {
    const host = headers.get(HOST_HEADER);
    return host ? [`${proto}://${host}`] : [];
  }
  const host = headers.get('host');
  return host ? [`http://${host}`, `https://${host}`] : [];
}

export function stampedProto(headers: Headers): 'http' | 'https' | undefined {
  const proto = headers.get(PROTO_HEADER);
  return proto === 'http' || proto === 'https' ? proto : undefined;
}
