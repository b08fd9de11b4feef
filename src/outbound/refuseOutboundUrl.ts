import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { OutboundPolicy, ResolveHost } from './outboundPolicy';
import { bareHost, refusalOfAddresses } from './refusalOfAddresses';

/** A host's addresses from DNS, asked once with a short wait (c-ares, off the thread pool); none when DNS does not answer. */
const quickResolver: ResolveHost = async (hostname) => {
  const resolver = new Resolver({ timeout: 1_000, tries: 1 });
  const answers = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
  return answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : []));
};

const isLocalhostName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/**
 * Whether a URL an organization gives (webhook endpoint, LRS) points where the engine may not
 * connect: an IP literal (in any form the URL parser normalizes: `2130706433`, `[::ffff:7f00:1]`)
 * or a `localhost` name outside the allowed addresses, or a name DNS resolves there now. A name
 * DNS does not answer for is taken: the connection is checked again when it is made. Answers the
 * refusal worded as the API words a bad field, or undefined.
 */
export async function refuseOutboundUrl(field: string, url: string, policy: OutboundPolicy): Promise<{ field: string; message: string } | undefined> {
  const host = bareHost(new URL(url).hostname);
  const resolve = policy.resolveHost ?? quickResolver;
  const addresses = isIP(host) ? [host] : isLocalhostName(host) ? ['127.0.0.1'] : await resolve(host).catch(() => []);
  const refusal = refusalOfAddresses(host, addresses, policy.allowedNetworks);
  if (!refusal) return undefined;
  return {
    field,
    message: `${field}: ${refusal}; the engine calls only public addresses, so give one the internet reaches (an operator may allow a private network with OUTBOUND_ALLOWED_NETWORKS)`,
  };
}
