import ipaddr from 'ipaddr.js';

const rangeWords: Record<string, string> = {
  private: 'a private address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address (where cloud metadata services answer)',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  uniqueLocal: 'a unique-local (private) IPv6 address',
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

function isInNetwork(address: ipaddr.IPv4 | ipaddr.IPv6, cidr: string): boolean {
  const network = ipaddr.parseCIDR(cidr);
  return address.kind() === network[0].kind() && address.match(network);
}

/**
 * Why the engine may not connect to `address` (an IP in text), in words ("a private address"),
 * or undefined when it may: a public (ipaddr.js's `unicast`) address, or one inside an allowed
 * network. An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is judged as the IPv4 address it is.
 */
export function describeRefusedAddress(address: string, allowedNetworks: readonly string[]): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const parsed = ipaddr.process(address);
  if (allowedNetworks.some((cidr) => isInNetwork(parsed, cidr))) return undefined;
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  return rangeWords[range] ?? `an address of the ${range} range, not a public one`;
}
