import { CLIENT_IP_HEADER, stampedClientIp } from '../http/stamped';

// Per-IP throttling and the audit log need an address the client cannot choose. The custom
// server decides it (TRUSTED_PROXIES, lib/server/http/forwarded.ts) and stamps it before Next
// sees the request; nothing else, X-Forwarded-For included, is believed.
export { CLIENT_IP_HEADER };

/** The stamped client address (server components, actions, route handlers); undefined without the custom server. */
export function clientIpFromHeaders(headers: Headers): string | undefined {
  return stampedClientIp(headers);
}
