import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch, type Response } from 'undici';
import { OutboundAddressRefused } from './outboundAddressRefused';
import type { OutboundPolicy, ResolveHost } from './outboundPolicy';
import { bareHost, refusalOfAddresses } from './refusalOfAddresses';

/** One request to a URL an organization gave. */
export interface OutboundRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** fetch for the URLs organizations give: see `createOutboundFetch`. */
export type OutboundFetch = (url: string, request: OutboundRequest) => Promise<Response>;

const systemResolver: ResolveHost = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Node's connections resolve a name through this: every address is checked before one is
 * connected to, so a name that resolves to a public address at save time and to an internal one
 * now (DNS rebinding) is refused here, at connect.
 */
function guardedLookup(policy: OutboundPolicy): LookupFunction {
  const resolve = policy.resolveHost ?? systemResolver;
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (resolved) => {
        const addresses = resolved.filter((address) => !options.family || isIP(address) === options.family);
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        const refusal = refusalOfAddresses(hostname, addresses, policy.allowedNetworks);
        if (refusal) return callback(new OutboundAddressRefused(`refused: ${refusal}`), '', 0);
        const entries = addresses.map((address) => ({ address, family: isIP(address) }));
        return options.all ? callback(null, entries) : callback(null, entries[0].address, entries[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/**
 * fetch as the engine calls an organization's URL: it connects only to addresses the policy
 * allows (public ones, and OUTBOUND_ALLOWED_NETWORKS), checked at connect time, and never follows
 * a redirect (a 3xx is answered as it is, for the caller to count as a failure). A refused
 * connection fails the request with an `OutboundAddressRefused` as its cause.
 */
export function createOutboundFetch(policy: OutboundPolicy): OutboundFetch {
  const connect = buildConnector({ lookup: guardedLookup(policy) });
  const dispatcher = new Agent({
    connect: (options, callback) => {
      // An IP literal never goes through the lookup: it is checked here.
      const host = bareHost(options.hostname);
      const refusal = isIP(host) ? refusalOfAddresses(host, [host], policy.allowedNetworks) : undefined;
      if (refusal) return callback(new OutboundAddressRefused(`refused: ${refusal}`), null);
      return connect(options, callback);
    },
  });
  return (url, request) => fetch(url, { ...request, redirect: 'manual', dispatcher });
}
