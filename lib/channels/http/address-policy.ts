import ipaddr from 'ipaddr.js';

// Which addresses a webhook may reach: public unicast only. Loopback, private (RFC 1918), link-local
// (the 169.254.169.254 metadata service among them), CGNAT, IPv6 ULA, link-local, and IPv4-mapped or
// translated forms of any of those are inside someone's network. ipaddr.js names the ranges.

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    // ::ffff:10.0.0.1 and friends are judged as the IPv4 address they carry.
    if (v6.isIPv4MappedAddress()) return isPublicAddress(v6.toIPv4Address().toString());
  }
  return parsed.range() === 'unicast';
}

/** The address in words for an error ("loopback", "private", "linkLocal"...). */
export function rangeOf(address: string): string {
  if (!ipaddr.isValid(address)) return 'not an address';
  return ipaddr.process(address).range();
}
