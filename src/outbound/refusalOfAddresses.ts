import { isIP } from 'node:net';
import { describeRefusedAddress } from './describeRefusedAddress';

/** A URL's host as a connection sees it: without IPv6 brackets or a trailing dot, in lower case. */
export function bareHost(hostname: string): string {
  const unbracketed = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return unbracketed.replace(/\.$/, '').toLowerCase();
}

/**
 * Why the engine may not connect to `host` at these addresses (the first refused one), or
 * undefined: "10.0.0.5 is a private address" for an IP literal, "api.example resolves to
 * 10.0.0.5, a private address" for a name. One refused address refuses the host: a name that
 * also resolves to an internal address is how DNS rebinding reaches inside.
 */
export function refusalOfAddresses(host: string, addresses: readonly string[], allowedNetworks: readonly string[]): string | undefined {
  for (const address of addresses) {
    const refused = describeRefusedAddress(address, allowedNetworks);
    if (refused === undefined) continue;
    return isIP(host) ? `${host} is ${refused}` : `${host} resolves to ${address}, ${refused}`;
  }
  return undefined;
}
