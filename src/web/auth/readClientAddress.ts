import type { IncomingMessage } from 'node:http';
import { BlockList } from 'node:net';
import type { Context } from 'hono';

/** Loopback and private networks: a peer there is taken for a reverse proxy, whose X-Forwarded-For is read. */
const proxyNetworks = new BlockList();
proxyNetworks.addSubnet('127.0.0.0', 8);
proxyNetworks.addSubnet('10.0.0.0', 8);
proxyNetworks.addSubnet('172.16.0.0', 12);
proxyNetworks.addSubnet('192.168.0.0', 16);
proxyNetworks.addAddress('::1', 'ipv6');
proxyNetworks.addSubnet('fc00::', 7, 'ipv6');

const plain = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
const isProxy = (address: string) => proxyNetworks.check(address, address.includes(':') ? 'ipv6' : 'ipv4');

/**
 * The address of the client behind a request: the socket's peer, or, when that peer is on a
 * loopback or private network (a reverse proxy), the last X-Forwarded-For entry (the one that
 * proxy added: earlier entries are whatever the client claimed). 'unknown' without a socket.
 */
export function readClientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const peer = incoming?.socket.remoteAddress;
  if (!peer) return 'unknown';
  const address = plain(peer);
  if (!isProxy(address)) return address;
  const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
  return forwarded ? plain(forwarded) : address;
}
