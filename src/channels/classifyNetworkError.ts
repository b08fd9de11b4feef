import { z } from 'zod';
import type { SendFailure } from './channelTypes';

/** Codes meaning the request never left this machine: safe to retry, no duplicate possible. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const withCode = z.object({ code: z.string() });
const withCause = z.object({ cause: withCode });
const withName = z.object({ name: z.string(), message: z.string() });

/**
 * Classify an error thrown before any HTTP answer (fetch's TypeError with a
 * `cause`, axios errors, timeouts) as transient. `inDoubt` is false only when
 * the connection was never made.
 * Returns undefined when the error does not look like a network error.
 */
export function classifyNetworkError(error: unknown): SendFailure | undefined {
  const name = withName.safeParse(error);
  if (name.success && (name.data.name === 'TimeoutError' || name.data.name === 'AbortError')) {
    return { ok: false, kind: 'transient', code: 'timeout', reason: 'the provider did not answer in time', inDoubt: true };
  }
  const direct = withCode.safeParse(error);
  const nested = withCause.safeParse(error);
  const code = nested.success ? nested.data.cause.code : direct.success ? direct.data.code : undefined;
  if (!code || !/^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(code) || code.startsWith('ERR_INVALID')) return undefined;
  return {
    ok: false,
    kind: 'transient',
    code,
    reason: `network error ${code}`,
    inDoubt: !NEVER_SENT.has(code),
  };
}

/**
 * A thrown request error as a transient failure: the network classification when it is one,
 * else a generic network failure with the error's message (or `fallbackReason`).
 * @param inDoubt whether an unclassified failure may have reached the provider (true for sends).
 */
export function describeRequestFailure(error: unknown, fallbackReason: string, inDoubt = false): SendFailure {
  return (
    classifyNetworkError(error) ?? {
      ok: false,
      kind: 'transient',
      code: 'network',
      reason: error instanceof Error ? error.message : fallbackReason,
      ...(inDoubt ? { inDoubt: true } : {}),
    }
  );
}
