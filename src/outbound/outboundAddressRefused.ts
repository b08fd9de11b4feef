/** A connection the outbound policy did not allow; its message says which host, which address and why. */
export class OutboundAddressRefused extends Error {
  override name = 'OutboundAddressRefused';
}

/** The refusal behind a failed request (fetch wraps it as the cause of its TypeError), if that is why it failed. */
export function outboundRefusalIn(error: unknown): OutboundAddressRefused | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) {
    if (cause instanceof OutboundAddressRefused) return cause;
  }
  return undefined;
}
