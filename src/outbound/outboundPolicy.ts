/** A host name's addresses, as text (`203.0.113.7`, `2001:db8::1`). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/** Where the engine may connect when it calls a URL an organization gave (webhook endpoint, LRS). */
export interface OutboundPolicy {
  /**
   * Networks reachable besides the public (unicast) addresses, in CIDR form (`10.20.0.0/16`,
   * `fd00::/8`): OUTBOUND_ALLOWED_NETWORKS. Empty: only public addresses.
   */
  allowedNetworks: readonly string[];
  /** Resolves a host name; default the system resolver (`dns.lookup`, as Node's connections do). Tests inject one. */
  resolveHost?: ResolveHost;
}

/** Only public addresses: what a deployment gets without OUTBOUND_ALLOWED_NETWORKS. */
export const publicAddressesOnly: OutboundPolicy = { allowedNetworks: [] };
