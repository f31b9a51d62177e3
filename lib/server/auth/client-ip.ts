import type { IncomingMessage } from 'node:http';
import type { BackgroundService } from '../runtime/services';
import { registerHotPath } from '../http/hot-path';

// Per-IP throttling needs an address the client cannot choose. The custom server stamps the
// socket's address into CLIENT_IP_HEADER before Next sees the request (overwriting anything sent);
// X-Forwarded-For is believed only when the direct peer is a proxy on loopback or a private network.
export const CLIENT_IP_HEADER = 'x-candor-client-ip';

const privatePeer = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|::ffff:127\.|fc|fd)/i;

export function clientIpOf(req: Pick<IncomingMessage, 'headers' | 'socket'>): string {
  const peer = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.)/, '');
  const forwarded = req.headers['x-forwarded-for'];
  if (privatePeer.test(peer) && typeof forwarded === 'string' && forwarded.trim()) {
    // The right-most entry is the one our own proxy appended.
    const hops = forwarded.split(',').map((s) => s.trim()).filter(Boolean);
    const last = hops[hops.length - 1];
    if (last && last.length <= 64) return last;
  }
  return peer;
}

/** Reads the stamped address from request headers (server components, actions, route handlers). */
export function clientIpFromHeaders(headers: Headers): string | undefined {
  const stamped = headers.get(CLIENT_IP_HEADER);
  if (stamped) return stamped;
  // Without the custom server (next dev) fall back to what Next itself sets.
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || undefined;
}

/** Registers the stamping hot path in `candor start` (it never answers a request itself). */
export const clientIpService: BackgroundService = {
  name: 'client address stamp',
  enabled: () => true,
  async start() {
    const unregister = registerHotPath((req, _res) => {
      req.headers[CLIENT_IP_HEADER] = clientIpOf(req);
      return false;
    });
    return { stop: async () => unregister() };
  },
};
