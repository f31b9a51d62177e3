import { isIP } from 'node:net';
import proxyaddr from 'proxy-addr';

const KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry: a proxy-addr keyword, a plain address, or address/prefix (or address/netmask). */
function checkEntry(entry: string): void {
  if (KEYWORDS.has(entry)) return;
  const [address = '', range, ...rest] = entry.split('/');
  if (rest.length > 0 || isIP(address) === 0) throw new Error(`"${entry}" is not an address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`);
  if (range !== undefined) {
    const max = isIP(address) === 4 ? 32 : 128;
    const prefixOk = /^\d{1,3}$/.test(range) && Number(range) <= max;
    if (!prefixOk && isIP(range) === 0) throw new Error(`"${entry}": "${range}" is not a prefix length (0-${max}) or a netmask`);
  }
}

/** TRUSTED_PROXIES: comma-separated; unset trusts nobody, so forwarded headers never count. Throws on a bad entry. */
export function parseTrustedProxies(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) checkEntry(entry);
  proxyaddr.compile(entries); // its own checks too (e.g. a netmask that is not contiguous)
  return entries;
}
